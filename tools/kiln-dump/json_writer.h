// Json: a tiny JSON value (no external dependency) printed with two-space
// indentation, keeping any value that fits on one line on one line.
//
//   Json node = Json::Object();
//   node.Set("name", "fc1/MatMul").Set("inputs", Json::Array().Push("x"));
//   std::string text = node.Dump();
#ifndef KILN_TOOLS_KILN_DUMP_JSON_WRITER_H_
#define KILN_TOOLS_KILN_DUMP_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kiln::dump {

class Json {
 public:
  Json() = default;                                // null
  Json(bool b) : kind_(Kind::kBool), bool_(b) {}   // NOLINT: implicit
  Json(int i) : Json(static_cast<int64_t>(i)) {}   // NOLINT: implicit
  Json(int64_t i) : kind_(Kind::kInt), int_(i) {}  // NOLINT: implicit
  Json(const char* s) : Json(std::string(s)) {}    // NOLINT: implicit
  Json(std::string s)
      : kind_(Kind::kString), string_(std::move(s)) {}  // NOLINT

  static Json Object() { return Json(Kind::kObject); }
  static Json Array() { return Json(Kind::kArray); }

  // Object members keep insertion order.
  Json& Set(std::string key, Json value);
  Json& Push(Json value);

  // The whole value, ending in a newline.
  std::string Dump() const;

 private:
  enum class Kind { kNull, kBool, kInt, kString, kArray, kObject };
  explicit Json(Kind kind) : kind_(kind) {}

  std::string Compact() const;
  void Pretty(int indent, std::string& out) const;

  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  int64_t int_ = 0;
  std::string string_;
  std::vector<std::pair<std::string, Json>> members_;  // object
  std::vector<Json> items_;                            // array
};

// `s` as a JSON string literal: quotes, backslashes and control characters
// escaped; bytes that are not valid UTF-8 become U+FFFD.
std::string JsonQuote(const std::string& s);

}  // namespace kiln::dump

#endif  // KILN_TOOLS_KILN_DUMP_JSON_WRITER_H_
