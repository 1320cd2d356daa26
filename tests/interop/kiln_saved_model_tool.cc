// The Kiln side of interop.saved_model_cross:
//
//   kiln_saved_model_tool export DIR X.npy Y.npy OUT.npy
//     trains a small classifier (Dense 8 relu, Dense 3 softmax on [?,4]) for
//     a few steps on X/Y, exports it with Model::ExportSavedModel to DIR and
//     writes its predictions on X to OUT.npy;
//   kiln_saved_model_tool run DIR SIGNATURE INPUT_KEY X.npy OUT_DIR
//     loads the SavedModel at DIR (TensorFlow's or Kiln's), runs SIGNATURE
//     on X fed as INPUT_KEY and writes each output as OUT_DIR/<key>.npy.
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "frontend/keras/layers.h"
#include "frontend/keras/sequential.h"
#include "frontend/saved_model/saved_model_session.h"
#include "frontend/train/optimizers.h"
#include "runtime/io/file_util.h"
#include "runtime/io/npy.h"

namespace {

kiln::Status Export(const std::string& dir, const std::string& x_path,
                    const std::string& y_path, const std::string& out_path) {
  KILN_ASSIGN_OR_RETURN(kiln::Tensor x, kiln::ReadNpy(x_path));
  KILN_ASSIGN_OR_RETURN(kiln::Tensor y, kiln::ReadNpy(y_path));
  kiln::keras::Sequential model(
      {std::make_shared<kiln::keras::Dense>(8, "relu"),
       std::make_shared<kiln::keras::Dense>(3, "softmax")},
      kiln::Shape::Of({4}));
  kiln::keras::CompileOptions compile;
  kiln::SGDOptions sgd;
  sgd.learning_rate = 0.1;
  compile.optimizer = std::make_shared<kiln::SGD>(sgd);
  compile.loss = "sparse_categorical_crossentropy";
  KILN_RETURN_IF_ERROR(model.Compile(compile));
  kiln::keras::FitOptions fit;
  fit.epochs = 3;
  fit.batch_size = 16;
  fit.verbose = 0;
  KILN_RETURN_IF_ERROR(model.Fit(x, y, fit).status());
  KILN_RETURN_IF_ERROR(model.ExportSavedModel(dir));
  KILN_ASSIGN_OR_RETURN(kiln::Tensor predictions, model.Predict(x));
  return kiln::WriteNpy(out_path, predictions);
}

kiln::Status Run(const std::string& dir, const std::string& signature,
                 const std::string& key, const std::string& x_path,
                 const std::string& out_dir) {
  KILN_ASSIGN_OR_RETURN(kiln::Tensor x, kiln::ReadNpy(x_path));
  KILN_ASSIGN_OR_RETURN(kiln::SavedModelSession model,
                        kiln::SavedModelSession::Load(dir));
  KILN_ASSIGN_OR_RETURN(auto outputs, model.Run(signature, {{key, x}}));
  KILN_RETURN_IF_ERROR(kiln::RecursivelyCreateDir(out_dir));
  for (const auto& [name, value] : outputs)
    KILN_RETURN_IF_ERROR(kiln::WriteNpy(out_dir + "/" + name + ".npy", value));
  return kiln::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  kiln::Status status = kiln::InvalidArgument(
      "usage: kiln_saved_model_tool export DIR X.npy Y.npy OUT.npy | "
      "run DIR SIGNATURE INPUT_KEY X.npy OUT_DIR");
  if (argc == 6 && std::strcmp(argv[1], "export") == 0)
    status = Export(argv[2], argv[3], argv[4], argv[5]);
  if (argc == 7 && std::strcmp(argv[1], "run") == 0)
    status = Run(argv[2], argv[3], argv[4], argv[5], argv[6]);
  if (!status.ok()) {
    std::fprintf(stderr, "kiln_saved_model_tool: %s\n",
                 status.ToString().c_str());
    return 1;
  }
  return 0;
}
