// ReadSavedModel: a SavedModel directory as TensorFlow writes it
// (tf.saved_model.save, Keras' model.export, TensorFlow 1's
// SavedModelBuilder) or Kiln does (saved_model_writer.h): the graph of the
// meta graph tagged `tag`, its signatures, and the variables' values from
// `variables/variables.{index,data-*}` by variable name (the VarHandleOps'
// shared_name), ready for a Session's VariableStore.
//
//   KILN_ASSIGN_OR_RETURN(kiln::SavedModel model,
//                         kiln::ReadSavedModel("exported/", "serve"));
//   const tensorflow::SignatureDef& sig = model.signatures["serving_default"];
//
// Object-based checkpoints (TensorFlow 2) map keys to variables as
// tf.saved_model.load does: a call of a saved concrete function passes
// VarHandleOps as its captured inputs, and the function's bound_inputs
// (MetaGraphDef.object_graph_def) name the objects whose values
// (`_CHECKPOINTABLE_OBJECT_GRAPH`) they hold; other variables go by their
// full_name. Name-based checkpoints (TensorFlow 1) are keyed by the
// variables' names.
#ifndef KILN_RUNTIME_IO_SAVED_MODEL_READER_H_
#define KILN_RUNTIME_IO_SAVED_MODEL_READER_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "proto/tensorflow/graph.pb.h"
#include "proto/tensorflow/meta_graph.pb.h"
#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

struct SavedModel {
  tensorflow::GraphDef graph;
  std::map<std::string, tensorflow::SignatureDef> signatures;
  std::vector<std::string> tags;
  // By variable name (a VarHandleOp's shared_name); empty without
  // variables/.
  std::vector<std::pair<std::string, Tensor>> variables;
};

StatusOr<SavedModel> ReadSavedModel(const std::string& dir,
                                    const std::string& tag = "serve");

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_SAVED_MODEL_READER_H_
