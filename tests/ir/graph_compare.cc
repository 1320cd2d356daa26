// Node-by-node GraphDef comparison for the translation tests.
#include "tests/ir/graph_compare.h"

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <map>
#include <vector>

#include "ir/Translate/GraphDefTranslate.h"

namespace kiln::testing {
namespace {

using tensorflow::TensorProto;

// Element values of a numeric TensorProto as doubles, expanded to the shape
// (TensorFlow's rule: a short list repeats its last value).
std::vector<double> Decode(const TensorProto& t) {
  int64_t n = 1;
  for (const auto& d : t.tensor_shape().dim()) n *= d.size();
  std::vector<double> v;
  const std::string& c = t.tensor_content();
  auto raw = [&](size_t width, auto read) {
    for (size_t i = 0; i + width <= c.size(); i += width)
      v.push_back(read(c.data() + i));
  };
  switch (t.dtype()) {
    case tensorflow::DT_FLOAT:
      raw(4, [](const char* p) {
        float f;
        std::memcpy(&f, p, 4);
        return double(f);
      });
      for (float f : t.float_val()) v.push_back(f);
      break;
    case tensorflow::DT_DOUBLE:
      raw(8, [](const char* p) {
        double f;
        std::memcpy(&f, p, 8);
        return f;
      });
      for (double f : t.double_val()) v.push_back(f);
      break;
    case tensorflow::DT_INT32:
      raw(4, [](const char* p) {
        int32_t f;
        std::memcpy(&f, p, 4);
        return double(f);
      });
      for (int32_t f : t.int_val()) v.push_back(f);
      break;
    case tensorflow::DT_INT64:
      raw(8, [](const char* p) {
        int64_t f;
        std::memcpy(&f, p, 8);
        return double(f);
      });
      for (int64_t f : t.int64_val()) v.push_back(double(f));
      break;
    case tensorflow::DT_BOOL:
      raw(1, [](const char* p) { return double(*p != 0); });
      for (bool b : t.bool_val()) v.push_back(b);
      break;
    default:
      return {};
  }
  if (v.empty() && n > 0) v.push_back(0);
  while (static_cast<int64_t>(v.size()) < n) v.push_back(v.back());
  return v;
}

bool SameTensor(const TensorProto& a, const TensorProto& b) {
  if (a.dtype() != b.dtype()) return false;
  google::protobuf::util::MessageDifferencer shape;
  if (!shape.Equals(a.tensor_shape(), b.tensor_shape())) return false;
  if (a.dtype() == tensorflow::DT_STRING) {
    return std::vector<std::string>(a.string_val().begin(),
                                    a.string_val().end()) ==
           std::vector<std::string>(b.string_val().begin(),
                                    b.string_val().end());
  }
  return Decode(a) == Decode(b);
}

bool SameAttr(const tensorflow::AttrValue& a, const tensorflow::AttrValue& b) {
  if (a.has_tensor() && b.has_tensor())
    return SameTensor(a.tensor(), b.tensor());
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

std::string DiffNode(const tensorflow::NodeDef& e,
                     const tensorflow::NodeDef& a) {
  std::string where = "node '" + e.name() + "': ";
  if (e.op() != a.op()) return where + "op " + e.op() + " vs " + a.op();
  if (e.device() != a.device()) return where + "device differs";
  std::vector<std::string> ei(e.input().begin(), e.input().end());
  std::vector<std::string> ai(a.input().begin(), a.input().end());
  if (ei != ai) return where + "inputs differ: " + a.DebugString();
  for (const auto& [name, value] : e.attr()) {
    auto it = a.attr().find(name);
    if (it == a.attr().end()) return where + "attr '" + name + "' missing";
    if (!SameAttr(value, it->second))
      return where + "attr '" + name + "' " + value.ShortDebugString() +
             " vs " + it->second.ShortDebugString();
  }
  for (const auto& [name, value] : a.attr())
    if (!e.attr().count(name)) return where + "extra attr '" + name + "'";
  return "";
}

}  // namespace

tensorflow::GraphDef ParseGraph(const std::string& pbtxt) {
  tensorflow::GraphDef graph;
  REQUIRE(google::protobuf::TextFormat::ParseFromString(pbtxt, &graph));
  return graph;
}

std::string DiffGraphs(const tensorflow::GraphDef& expected,
                       const tensorflow::GraphDef& actual) {
  std::map<std::string, const tensorflow::NodeDef*> nodes;
  for (const auto& node : actual.node()) nodes[node.name()] = &node;
  if (expected.node_size() != actual.node_size())
    return "node count " + std::to_string(expected.node_size()) + " vs " +
           std::to_string(actual.node_size());
  for (const auto& node : expected.node()) {
    auto it = nodes.find(node.name());
    if (it == nodes.end()) return "node '" + node.name() + "' missing";
    std::string diff = DiffNode(node, *it->second);
    if (!diff.empty()) return diff;
  }
  if (!google::protobuf::util::MessageDifferencer::Equals(expected.versions(),
                                                          actual.versions()))
    return "versions differ";
  if (!google::protobuf::util::MessageDifferencer::Equals(expected.library(),
                                                          actual.library()))
    return "library differs";
  return "";
}

tensorflow::GraphDef RoundTrip(const tensorflow::GraphDef& graph) {
  auto text = kiln::ir::graphDefToMlirText(graph, {});
  INFO(text.status().ToString());
  REQUIRE(text.ok());
  auto back = kiln::ir::mlirTextToGraphDef(*text);
  INFO(*text);
  INFO(back.status().ToString());
  REQUIRE(back.ok());
  return *back;
}

}  // namespace kiln::testing
