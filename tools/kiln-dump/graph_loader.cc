// Reading GraphDefs, SavedModels and .mlir files, telling binary from text
// by content rather than by extension.
#include "tools/kiln-dump/graph_loader.h"

#include "proto/kiln/bundle.pb.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "proto/tensorflow/saved_model.pb.h"

namespace kiln::dump {
namespace {

namespace fs = std::filesystem;

// Keeps the text parser's first error instead of logging every one.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (error_.empty()) {
      error_ = "line " + std::to_string(line + 1) + ":" +
               std::to_string(column + 1) + ": " + message;
    }
  }
  void AddWarning(int, int, const std::string&) override {}
  const std::string& error() const { return error_; }

 private:
  std::string error_;
};

Status ParseText(const std::string& text, google::protobuf::Message* message) {
  FirstErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (parser.ParseFromString(text, message)) return OkStatus();
  return InvalidArgument(errors.error().empty() ? "text format parse error"
                                                : errors.error());
}

StatusOr<std::string> ReadFile(const fs::path& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return NotFound("no such file or directory");
  if (!fs::is_regular_file(status))
    return InvalidArgument("not a regular file");
  const auto size = fs::file_size(path, ec);
  if (ec) return InvalidArgument("cannot get file size: " + ec.message());
  if (size > static_cast<std::uintmax_t>(kMaxFileBytes)) {
    return InvalidArgument("file is too large (" + std::to_string(size) +
                           " bytes; the limit is 2 GiB)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return InvalidArgument(std::string("cannot open: ") + std::strerror(errno));
  std::string bytes(static_cast<size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size)) {
    return DataLoss("could not read the whole file");
  }
  return bytes;
}

// Text formats hold no control bytes other than whitespace.
bool LooksLikeText(const std::string& bytes) {
  const size_t n = std::min<size_t>(bytes.size(), 4096);
  for (size_t i = 0; i < n; ++i) {
    const unsigned char ch = static_cast<unsigned char>(bytes[i]);
    if (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') return false;
    if (ch == 0x7f) return false;
  }
  return true;
}

// The first word after leading whitespace and `//` comments.
std::string FirstWord(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
    } else if (text.compare(i, 2, "//") == 0) {
      i = text.find('\n', i);
      if (i == std::string::npos) return "";
    } else {
      break;
    }
  }
  size_t end = i;
  while (end < text.size() &&
         !std::isspace(static_cast<unsigned char>(text[end])) &&
         text[end] != '{' && text[end] != '@') {
    ++end;
  }
  return text.substr(i, end - i);
}

bool LooksLikeMlir(const fs::path& path, const std::string& bytes) {
  if (path.extension() == ".mlir") return true;
  if (!LooksLikeText(bytes)) return false;
  const std::string word = FirstWord(bytes);
  return word == "module" || word == "func.func";
}

// A binary parse can succeed on bytes that are no GraphDef at all; such
// bytes leave unknown fields or nameless nodes behind.
Status CheckBinaryGraphDef(const tensorflow::GraphDef& graph) {
  auto has_unknown = [](const google::protobuf::Message& m) {
    return !m.GetReflection()->GetUnknownFields(m).empty();
  };
  bool bad = has_unknown(graph);
  for (const tensorflow::NodeDef& node : graph.node()) {
    bad = bad || has_unknown(node) || node.name().empty() || node.op().empty();
  }
  if (bad) return InvalidArgument("a binary protobuf, but not a GraphDef");
  return OkStatus();
}

Status NotAGraphDef(const std::string& why) {
  return InvalidArgument("not a GraphDef: " + why);
}

StatusOr<LoadedGraph> LoadSavedModelFile(const fs::path& file) {
  KILN_ASSIGN_OR_RETURN(std::string bytes, ReadFile(file));
  tensorflow::SavedModel model;
  LoadedGraph loaded;
  if (file.extension() == ".pbtxt") {
    Status parsed = ParseText(bytes, &model);
    if (!parsed.ok()) {
      return parsed.WithPrefix(file.filename().string() + ": not a SavedModel");
    }
    loaded.format = "SavedModel (text)";
  } else {
    if (!model.ParseFromString(bytes)) {
      return DataLoss(file.filename().string() +
                      ": not a SavedModel (truncated or corrupt protobuf)");
    }
    loaded.format = "SavedModel (binary)";
  }
  if (model.meta_graphs_size() == 0) {
    return InvalidArgument(file.filename().string() +
                           ": SavedModel has no meta graphs");
  }
  const tensorflow::MetaGraphDef& meta = model.meta_graphs(0);
  loaded.graph = meta.graph_def();
  loaded.tags.assign(meta.meta_info_def().tags().begin(),
                     meta.meta_info_def().tags().end());
  loaded.signatures.insert(meta.signature_def().begin(),
                           meta.signature_def().end());
  return loaded;
}

StatusOr<LoadedGraph> LoadSavedModelDir(const fs::path& dir) {
  std::error_code ec;
  for (const char* name : {"saved_model.pb", "saved_model.pbtxt"}) {
    if (fs::exists(dir / name, ec)) return LoadSavedModelFile(dir / name);
  }
  return NotFound("directory has no saved_model.pb or saved_model.pbtxt");
}

}  // namespace

StatusOr<tensorflow::GraphDef> ParseGraphDef(const std::string& bytes,
                                             bool* is_text) {
  if (bytes.empty()) return NotAGraphDef("the file is empty");
  if (is_text) *is_text = false;
  tensorflow::GraphDef graph;
  Status binary = InvalidArgument("truncated or corrupt binary protobuf");
  if (graph.ParseFromString(bytes)) {
    binary = CheckBinaryGraphDef(graph);
    if (binary.ok()) return graph;
  }
  if (!LooksLikeText(bytes)) return NotAGraphDef(binary.message());
  graph.Clear();
  Status text = ParseText(bytes, &graph);
  if (!text.ok()) return NotAGraphDef("text format error at " + text.message());
  if (is_text) *is_text = true;
  return graph;
}

namespace {

// A Kiln bundle starts with its format string (field 1): "kiln.bundle.".
bool LooksLikeBundle(const std::string& bytes) {
  return bytes.size() > 14 && bytes[0] == 0x0a &&
         bytes.compare(2, 12, "kiln.bundle.") == 0;
}

tensorflow::TensorInfo TensorInfoOf(const kiln::BundleTensor& tensor) {
  tensorflow::TensorInfo info;
  info.set_name(tensor.name());
  info.set_dtype(tensor.dtype());
  *info.mutable_tensor_shape() = tensor.shape();
  return info;
}

// The graph a bundle kept, its signature as "serving_default".
StatusOr<LoadedGraph> LoadBundleGraph(const std::string& bytes) {
  kiln::Bundle bundle;
  if (!bundle.ParseFromString(bytes))
    return InvalidArgument("not a Kiln bundle: it does not parse");
  if (!bundle.has_graph())
    return InvalidArgument("bundle '" + bundle.name() +
                           "' was compiled without its graph (--no-graph or "
                           "--weights=sidecar)");
  LoadedGraph loaded;
  loaded.graph = bundle.graph();
  loaded.format = "Kiln bundle (" + bundle.format() + ", " +
                  std::to_string(bundle.shared_object().size()) +
                  " bytes of code for " + bundle.target().cpu() + ")";
  tensorflow::SignatureDef& signature = loaded.signatures["serving_default"];
  for (const kiln::BundleTensor& t : bundle.signature().inputs())
    (*signature.mutable_inputs())[t.name()] = TensorInfoOf(t);
  for (const kiln::BundleTensor& t : bundle.signature().outputs())
    (*signature.mutable_outputs())[t.name()] = TensorInfoOf(t);
  return loaded;
}

}  // namespace

StatusOr<LoadedGraph> LoadGraph(const std::string& path) {
  const fs::path file(path);
  std::error_code ec;
  if (fs::is_directory(file, ec)) return LoadSavedModelDir(file);
  const std::string name = file.filename().string();
  if (name == "saved_model.pb" || name == "saved_model.pbtxt") {
    return LoadSavedModelFile(file);
  }
  KILN_ASSIGN_OR_RETURN(std::string bytes, ReadFile(file));
  LoadedGraph loaded;
  if (LooksLikeMlir(file, bytes)) {
    KILN_ASSIGN_OR_RETURN(loaded.graph, ParseMlirGraph(bytes));
    loaded.format = "MLIR";
    return loaded;
  }
  if (LooksLikeBundle(bytes)) return LoadBundleGraph(bytes);
  bool is_text = false;
  KILN_ASSIGN_OR_RETURN(loaded.graph, ParseGraphDef(bytes, &is_text));
  loaded.format = is_text ? "GraphDef (text)" : "GraphDef (binary)";
  return loaded;
}

}  // namespace kiln::dump
