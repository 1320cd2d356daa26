// GpuCaseWriter: bundles, inputs and CPU outputs for kiln_gpu_check.
#include "tests/cuda/gpu_case_writer.h"

#include <filesystem>

#include "compiler/Aot/BuildBundle.h"
#include "runtime/io/file_util.h"
#include "runtime/io/npy.h"

namespace kiln {
namespace testing {

StatusOr<GpuCaseWriter> GpuCaseWriter::Create(const std::string& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  if (ec) return InvalidArgument("cannot create " + dir + ": " + ec.message());
  GpuCaseWriter writer;
  writer.dir_ = dir;
  writer.index_.open(dir + "/index.txt");
  if (!writer.index_) return InvalidArgument("cannot write " + dir);
  return writer;
}

Status GpuCaseWriter::AddBundle(
    const std::string& name, const tensorflow::GraphDef& graph,
    CompileRequest request, const std::map<std::string, Tensor>& variables) {
  request.options.gpu = true;
  request.options.gpu_chip = "sm_90";
  compiler::BundleOptions options;
  options.name = name;
  options.cpu = "x86-64";  // the GPU machine's CPU may differ from this one
  options.keepGraph = false;
  options.variableValues = variables;
  KILN_ASSIGN_OR_RETURN(Bundle bundle,
                        compiler::buildBundle(graph, request, options));
  bundle_ = name + ".kbundle";
  return WriteFileAtomically(dir_ + "/" + bundle_, bundle.SerializeAsString());
}

Status GpuCaseWriter::AddRun(const std::string& name,
                             const std::vector<Tensor>& feeds,
                             const std::vector<Tensor>& wants, double rtol) {
  if (bundle_.empty()) return FailedPrecondition("AddRun before AddBundle");
  std::string line =
      "case " + name + " " + bundle_ + " feeds " + std::to_string(feeds.size());
  for (size_t i = 0; i < feeds.size(); ++i) {
    const std::string file = name + ".in" + std::to_string(i) + ".npy";
    KILN_RETURN_IF_ERROR(WriteNpy(dir_ + "/" + file, feeds[i]));
    line += " " + file;
  }
  line += " wants " + std::to_string(wants.size());
  for (size_t k = 0; k < wants.size(); ++k) {
    const std::string file = name + ".want" + std::to_string(k) + ".npy";
    KILN_RETURN_IF_ERROR(WriteNpy(dir_ + "/" + file, wants[k]));
    line += " " + file;
  }
  if (rtol > 0) line += " rtol " + std::to_string(rtol);
  index_ << line << "\n";
  index_.flush();
  ++runs_;
  return index_ ? OkStatus() : DataLoss("cannot write " + dir_ + "/index.txt");
}

Status GpuCaseWriter::AddCompileFailure(const std::string& name,
                                        const Status& error) {
  std::string message = error.ToString();
  for (char& c : message)
    if (c == '\n') c = ' ';
  index_ << "fail " << name << " " << message << "\n";
  index_.flush();
  ++runs_;
  return index_ ? OkStatus() : DataLoss("cannot write " + dir_ + "/index.txt");
}

}  // namespace testing
}  // namespace kiln
