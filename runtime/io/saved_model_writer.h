// WriteSavedModel: a graph, its signature and its variables' values as a
// SavedModel directory TensorFlow loads (tf.saved_model.load, whose
// `signatures["serving_default"]` then runs it, and TensorFlow 1's
// tf.compat.v1.saved_model.load):
//
//   DIR/saved_model.pb          SavedModel with one MetaGraphDef tagged
//                               "serve": the graph plus TensorFlow 1's
//                               save/restore nodes (SaveV2, RestoreV2 and an
//                               AssignVariableOp per variable) named by its
//                               SaverDef, and signature_def
//   DIR/variables/variables.*   the values, a V2 checkpoint keyed by the
//                               variables' names (runtime/io/checkpoint_writer)
//
//   SavedModelExport out;
//   out.graph = inference_graph;           // VarHandleOps read by the graph
//   out.inputs = {{"x", "x:0"}};
//   out.outputs = {{"predictions", "predictions:0"}};
//   out.variables = {{"dense/kernel", w}, {"dense/bias", b}};
//   KILN_RETURN_IF_ERROR(WriteSavedModel("exported/", out));
//
// The directory is built under a temporary sibling name and renamed into
// place: readers see no SavedModel or a whole one. An existing `dir` is an
// error (nothing is overwritten).
#ifndef KILN_RUNTIME_IO_SAVED_MODEL_WRITER_H_
#define KILN_RUNTIME_IO_SAVED_MODEL_WRITER_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

struct SavedModelExport {
  tensorflow::GraphDef graph;
  // Signature keys to tensor names ("x" -> "x:0"); dtypes and shapes come
  // from the graph's shape inference.
  std::map<std::string, std::string> inputs, outputs;
  std::string signature = "serving_default";
  // By the VarHandleOp's shared_name (each must be in the graph).
  std::vector<std::pair<std::string, Tensor>> variables;
};

Status WriteSavedModel(const std::string& dir, const SavedModelExport& model);

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_SAVED_MODEL_WRITER_H_
