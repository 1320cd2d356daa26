// Bundles: proto checks, CPU features, the kernels' shared object mapped
// from a memfd.
#include "runtime/exec/bundle_loader.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/cpu/cpu_features.h"
#include "runtime/cuda/launch_abi.h"
#include "runtime/io/file_util.h"

namespace kiln {
namespace {

constexpr char kFormat[] = "kiln.bundle.v1";

std::string DirName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// A file descriptor closed when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

// A kernels' shared object mapped from an anonymous memory file. The
// dynamic loader knows a library by its path, "/proc/self/fd/N": the
// descriptor stays open for as long as the library is loaded, so no other
// live bundle can have the same path (and get this one's code).
class MappedCode {
 public:
  ~MappedCode() {
    if (handle_ != nullptr) dlclose(handle_);
    if (fd_ >= 0) close(fd_);
  }
  static StatusOr<std::shared_ptr<MappedCode>> Open(const std::string& bytes,
                                                    const std::string& what);
  void* handle() const { return handle_; }

 private:
  int fd_ = -1;
  void* handle_ = nullptr;
};

StatusOr<std::shared_ptr<MappedCode>> MappedCode::Open(
    const std::string& bytes, const std::string& what) {
  auto code = std::make_shared<MappedCode>();
  code->fd_ = memfd_create("kiln-bundle", MFD_CLOEXEC);
  if (code->fd_ < 0) return Internal(what + ": memfd_create failed");
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n =
        write(code->fd_, bytes.data() + written, bytes.size() - written);
    if (n <= 0) return Internal(what + ": cannot stage the shared object");
    written += static_cast<size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(code->fd_);
  code->handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (code->handle_ == nullptr) {
    const char* error = dlerror();
    return InvalidArgument(what + ": its shared object does not load: " +
                           (error ? error : "unknown error"));
  }
  // GPU kernels' host code calls runtime/cuda through its own table.
  if (void* table = dlsym(code->handle_, cuda::kLaunchAbiTable)) {
    KILN_RETURN_IF_ERROR(
        cuda::BindLaunchAbi(static_cast<void**>(table)).WithPrefix(what));
  }
  return code;
}

Status RestoreWeights(Bundle& bundle, const std::string& what,
                      const std::string& weights_dir) {
  if (bundle.weights_file().empty()) return OkStatus();
  if (weights_dir.empty())
    return InvalidArgument(what + ": its weights live in '" +
                           bundle.weights_file() +
                           "', and no directory was given to find it in");
  const std::string path = weights_dir + "/" + bundle.weights_file();
  KILN_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(path));
  BundleWeights weights;
  if (!weights.ParseFromString(bytes))
    return InvalidArgument(path + ": not a Kiln weights file");
  bundle.mutable_plan()->mutable_constants()->Swap(weights.mutable_constants());
  bundle.mutable_variables()->Swap(weights.mutable_variables());
  return OkStatus();
}

Status LoadVariables(const Bundle& bundle, const std::string& what,
                     LoadedBundle& loaded) {
  loaded.variables = std::make_shared<VariableStore>();
  for (const BundleVariable& variable : bundle.variables()) {
    StatusOr<Tensor> value = Tensor::FromProto(variable.initial_value());
    if (!value.ok())
      return value.status().WithPrefix(what + ": variable '" + variable.name() +
                                       "': ");
    loaded.variables->Set(variable.name(), std::move(*value));
    loaded.variable_names.push_back(variable.name());
  }
  return OkStatus();
}

}  // namespace

StatusOr<LoadedBundle> LoadBundleFromBytes(std::string_view bytes,
                                           const std::string& what,
                                           const std::string& weights_dir) {
  Bundle bundle;
  if (bytes.size() > static_cast<size_t>(INT32_MAX) ||
      !bundle.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return InvalidArgument(what + ": not a Kiln bundle (it does not parse)");
  if (bundle.format() != kFormat)
    return InvalidArgument(what + ": bundle format '" + bundle.format() +
                           "' is not " + kFormat);
  KILN_RETURN_IF_ERROR(
      CheckCpuFeatures(
          std::vector<std::string>(bundle.target().required_features().begin(),
                                   bundle.target().required_features().end()))
          .WithPrefix(what + ": "));
  KILN_RETURN_IF_ERROR(RestoreWeights(bundle, what, weights_dir));
  std::shared_ptr<MappedCode> code;
  KernelResolver resolve = [](const std::string&) -> KernelEntry {
    return nullptr;
  };
  if (!bundle.shared_object().empty()) {
    KILN_ASSIGN_OR_RETURN(code, MappedCode::Open(bundle.shared_object(), what));
    resolve = [handle = code->handle()](const std::string& symbol) {
      return reinterpret_cast<KernelEntry>(dlsym(handle, symbol.c_str()));
    };
  }
  LoadedBundle loaded;
  loaded.name = bundle.name();
  loaded.signature = bundle.signature();
  loaded.target = bundle.target();
  KILN_RETURN_IF_ERROR(LoadVariables(bundle, what, loaded));
  StatusOr<std::shared_ptr<const Executable>> exe =
      Executable::Create(std::move(*bundle.mutable_plan()), resolve, code);
  if (!exe.ok()) return exe.status().WithPrefix(what + ": ");
  loaded.executable = std::move(*exe);
  return loaded;
}

namespace {

// A read-only mapping of a whole file: parsing reads the page cache in
// place, with no copy of the (weights-sized) bytes first.
class MappedFile {
 public:
  ~MappedFile() {
    if (data_ != nullptr) munmap(data_, size_);
  }
  static StatusOr<std::unique_ptr<MappedFile>> Open(const std::string& path) {
    Fd file;
    file.fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (file.fd < 0) return NotFound(path + ": cannot open");
    struct stat info;
    if (fstat(file.fd, &info) != 0 || !S_ISREG(info.st_mode))
      return InvalidArgument(path + ": not a regular file");
    auto mapped = std::unique_ptr<MappedFile>(new MappedFile());
    mapped->size_ = static_cast<size_t>(info.st_size);
    if (mapped->size_ == 0) return mapped;
    void* data =
        mmap(nullptr, mapped->size_, PROT_READ, MAP_PRIVATE, file.fd, 0);
    if (data == MAP_FAILED) return Internal(path + ": cannot map");
    mapped->data_ = data;
    return mapped;
  }
  std::string_view bytes() const {
    return std::string_view(static_cast<const char*>(data_), size_);
  }

 private:
  MappedFile() = default;
  void* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace

StatusOr<LoadedBundle> LoadBundle(const std::string& path) {
  KILN_ASSIGN_OR_RETURN(std::unique_ptr<MappedFile> file,
                        MappedFile::Open(path));
  return LoadBundleFromBytes(file->bytes(), path, DirName(path));
}

}  // namespace kiln
