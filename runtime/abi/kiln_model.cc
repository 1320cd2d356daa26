// The C ABI of kiln_model.h over LoadBundle and the Executor.
#include "runtime/abi/kiln_model.h"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "runtime/exec/bundle_loader.h"
#include "runtime/exec/executor.h"

struct kiln_model {
  kiln::LoadedBundle bundle;
  std::unique_ptr<kiln::Executor> executor;
  std::vector<kiln::Tensor> inputs, outputs;
  std::string error;
};

namespace {

void CopyError(const std::string& message, char* error, size_t size) {
  if (error == nullptr || size == 0) return;
  std::strncpy(error, message.c_str(), size - 1);
  error[size - 1] = '\0';
}

const kiln::BundleTensor* Input(const kiln_model* m, int index) {
  if (m == nullptr || index < 0 || index >= m->bundle.signature.inputs_size())
    return nullptr;
  return &m->bundle.signature.inputs(index);
}

const kiln::BundleTensor* Output(const kiln_model* m, int index) {
  if (m == nullptr || index < 0 || index >= m->bundle.signature.outputs_size())
    return nullptr;
  return &m->bundle.signature.outputs(index);
}

// `dims` checked against the signature's known sizes.
kiln::Status ResizeInput(kiln_model* m, int index,
                         const std::vector<int64_t>& dims) {
  const kiln::BundleTensor* input = Input(m, index);
  if (input == nullptr)
    return kiln::InvalidArgument("no input " + std::to_string(index));
  const tensorflow::TensorShapeProto& shape = input->shape();
  if (static_cast<int>(dims.size()) != shape.dim_size())
    return kiln::InvalidArgument(input->name() + " has rank " +
                                 std::to_string(shape.dim_size()) + ", not " +
                                 std::to_string(dims.size()));
  for (int d = 0; d < shape.dim_size(); ++d) {
    const int64_t want = shape.dim(d).size();
    if (dims[d] < 0 || (want >= 0 && dims[d] != want))
      return kiln::InvalidArgument(
          input->name() + ": dim " + std::to_string(d) + " must be " +
          (want >= 0 ? std::to_string(want) : "at least 0") + ", not " +
          std::to_string(dims[d]));
  }
  KILN_ASSIGN_OR_RETURN(kiln::TensorShape tensor_shape,
                        kiln::TensorShape::Create(dims));
  KILN_ASSIGN_OR_RETURN(m->inputs[index],
                        kiln::Tensor::Zeros(input->dtype(), tensor_shape));
  return kiln::OkStatus();
}

kiln_model* Finish(kiln::StatusOr<kiln::LoadedBundle> loaded, char* error,
                   size_t error_size) {
  if (!loaded.ok()) {
    CopyError(loaded.status().message(), error, error_size);
    return nullptr;
  }
  auto m = std::make_unique<kiln_model>();
  m->bundle = std::move(*loaded);
  m->executor = std::make_unique<kiln::Executor>(m->bundle.executable);
  m->inputs.resize(m->bundle.signature.inputs_size());
  for (int i = 0; i < m->bundle.signature.inputs_size(); ++i) {
    std::vector<int64_t> dims;
    for (const auto& dim : m->bundle.signature.inputs(i).shape().dim())
      dims.push_back(dim.size() < 0 ? 1 : dim.size());
    kiln::Status s = ResizeInput(m.get(), i, dims);
    if (!s.ok()) {
      CopyError(s.message(), error, error_size);
      return nullptr;
    }
  }
  return m.release();
}

}  // namespace

extern "C" {

kiln_model* kiln_model_load(const char* path, char* error, size_t error_size) {
  if (path == nullptr) {
    CopyError("no path", error, error_size);
    return nullptr;
  }
  return Finish(kiln::LoadBundle(path), error, error_size);
}

kiln_model* kiln_model_load_from_memory(const void* bytes, size_t size,
                                        const char* weights_dir, char* error,
                                        size_t error_size) {
  if (bytes == nullptr) {
    CopyError("no bytes", error, error_size);
    return nullptr;
  }
  return Finish(kiln::LoadBundleFromBytes(
                    std::string_view(static_cast<const char*>(bytes), size),
                    "embedded bundle", weights_dir ? weights_dir : ""),
                error, error_size);
}

void kiln_model_free(kiln_model* model) { delete model; }

const char* kiln_model_name(const kiln_model* m) {
  return m ? m->bundle.name.c_str() : nullptr;
}
int kiln_model_num_inputs(const kiln_model* m) {
  return m ? m->bundle.signature.inputs_size() : -1;
}
int kiln_model_num_outputs(const kiln_model* m) {
  return m ? m->bundle.signature.outputs_size() : -1;
}
const char* kiln_model_input_name(const kiln_model* m, int index) {
  const kiln::BundleTensor* t = Input(m, index);
  return t ? t->name().c_str() : nullptr;
}
int kiln_model_input_dtype(const kiln_model* m, int index) {
  const kiln::BundleTensor* t = Input(m, index);
  return t ? t->dtype() : -1;
}
int kiln_model_input_rank(const kiln_model* m, int index) {
  const kiln::BundleTensor* t = Input(m, index);
  return t ? t->shape().dim_size() : -1;
}
int64_t kiln_model_input_dim(const kiln_model* m, int index, int dim) {
  const kiln::BundleTensor* t = Input(m, index);
  if (t == nullptr || dim < 0 || dim >= t->shape().dim_size()) return -1;
  return t->shape().dim(dim).size();
}
const char* kiln_model_output_name(const kiln_model* m, int index) {
  const kiln::BundleTensor* t = Output(m, index);
  return t ? t->name().c_str() : nullptr;
}
int kiln_model_output_dtype(const kiln_model* m, int index) {
  const kiln::BundleTensor* t = Output(m, index);
  return t ? t->dtype() : -1;
}

int kiln_model_resize_input(kiln_model* m, int index, const int64_t* dims,
                            int rank) {
  if (m == nullptr) return -1;
  if (rank < 0 || (rank > 0 && dims == nullptr)) {
    m->error = "kiln_model_resize_input: no dims";
    return -1;
  }
  kiln::Status s =
      ResizeInput(m, index, std::vector<int64_t>(dims, dims + rank));
  m->error = s.ok() ? "" : s.message();
  return s.ok() ? 0 : -1;
}

void* kiln_model_input_data(kiln_model* m, int index) {
  return Input(m, index) ? m->inputs[index].raw_data() : nullptr;
}

int kiln_model_run(kiln_model* m) {
  if (m == nullptr) return -1;
  m->outputs.clear();
  kiln::Status s =
      m->executor->Run(m->inputs, m->bundle.variables.get(), &m->outputs);
  m->error = s.ok() ? "" : s.message();
  if (!s.ok()) m->outputs.clear();
  return s.ok() ? 0 : -1;
}

const char* kiln_model_error(const kiln_model* m) {
  return m ? m->error.c_str() : "no model";
}

const void* kiln_model_output_data(const kiln_model* m, int index) {
  if (!Output(m, index) || index >= static_cast<int>(m->outputs.size()))
    return nullptr;
  return m->outputs[index].raw_data();
}
int kiln_model_output_rank(const kiln_model* m, int index) {
  if (!Output(m, index) || index >= static_cast<int>(m->outputs.size()))
    return -1;
  return m->outputs[index].dims();
}
int64_t kiln_model_output_dim(const kiln_model* m, int index, int dim) {
  if (!Output(m, index) || index >= static_cast<int>(m->outputs.size()) ||
      dim < 0 || dim >= m->outputs[index].dims())
    return -1;
  return m->outputs[index].dim_size(dim);
}

}  // extern "C"

namespace {

// Whether `buffer` of `bytes` fits variable `index` exactly; else sets the
// model's error (naming `caller`).
bool CheckVariableBuffer(kiln_model* m, int index, const void* buffer,
                         size_t bytes, const char* caller) {
  if (m == nullptr) return false;
  const int64_t size = kiln_model_variable_bytes(m, index);
  if (size >= 0 && buffer != nullptr && bytes == static_cast<size_t>(size))
    return true;
  m->error = std::string(caller) + ": no variable " + std::to_string(index) +
             " of " + std::to_string(bytes) + " bytes";
  return false;
}

}  // namespace

extern "C" {

int kiln_model_num_variables(const kiln_model* m) {
  return m ? static_cast<int>(m->bundle.variable_names.size()) : -1;
}

const char* kiln_model_variable_name(const kiln_model* m, int index) {
  if (m == nullptr || index < 0 ||
      index >= static_cast<int>(m->bundle.variable_names.size()))
    return nullptr;
  return m->bundle.variable_names[index].c_str();
}

int64_t kiln_model_variable_bytes(const kiln_model* m, int index) {
  const char* name = kiln_model_variable_name(m, index);
  if (name == nullptr) return -1;
  kiln::StatusOr<kiln::Tensor> value = m->bundle.variables->Read(name);
  return value.ok() ? static_cast<int64_t>(value->bytes()) : -1;
}

int kiln_model_read_variable(kiln_model* m, int index, void* out,
                             size_t bytes) {
  if (!CheckVariableBuffer(m, index, out, bytes, "kiln_model_read_variable"))
    return -1;
  kiln::Tensor value =
      *m->bundle.variables->Read(kiln_model_variable_name(m, index));
  std::memcpy(out, value.raw_data(), bytes);
  return 0;
}

int kiln_model_write_variable(kiln_model* m, int index, const void* data,
                              size_t bytes) {
  if (!CheckVariableBuffer(m, index, data, bytes, "kiln_model_write_variable"))
    return -1;
  const std::string name = kiln_model_variable_name(m, index);
  const kiln::Tensor now = *m->bundle.variables->Read(name);
  kiln::StatusOr<kiln::Tensor> fresh =
      kiln::Tensor::Allocate(now.dtype(), now.shape());
  if (!fresh.ok()) {
    m->error = fresh.status().message();
    return -1;
  }
  std::memcpy(fresh->raw_data(), data, bytes);
  m->bundle.variables->Set(name, std::move(*fresh));
  return 0;
}

}  // extern "C"
