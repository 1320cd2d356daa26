// Helpers shared by the shape functions: attr access with the table's
// defaults, AttrValue text defaults, dim arithmetic and the shared rules.
#include <cctype>
#include <cstdlib>

#include "runtime/graph/internal/shape_fns.h"

namespace kiln {

// ---- Input names
// -------------------------------------------------------------

std::string InputName(const OpSpec& spec, int num_inputs, int i) {
  int fixed = 0, lists = 0;
  for (const ArgSpec& in : spec.inputs) {
    (in.number_attr.empty() ? fixed : lists) += 1;
  }
  // With one list arg, it holds whatever the fixed args leave.
  const int list_length = lists == 1 ? num_inputs - fixed : -1;
  int index = 0;
  for (const ArgSpec& in : spec.inputs) {
    if (in.number_attr.empty()) {
      if (index == i) return in.name;
      ++index;
      continue;
    }
    if (list_length < 0) break;
    if (i < index + list_length) {
      return in.name + "[" + std::to_string(i - index) + "]";
    }
    index += list_length;
  }
  return "#" + std::to_string(i);
}

// ---- AttrValue text defaults
// -------------------------------------------------

namespace {

// Splits AttrValue text into identifiers, numbers, quoted strings (kept with
// their quotes, escapes resolved) and the punctuation ": { } [ ] ,".
std::optional<std::vector<std::string>> Tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < text.size()) {
    const char ch = text[i];
    if (std::isspace(static_cast<unsigned char>(ch))) {
      ++i;
    } else if (ch == '"' || ch == '\'') {
      std::string token(1, '"');
      ++i;
      while (i < text.size() && text[i] != ch) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        token.push_back(text[i++]);
      }
      if (i == text.size()) return std::nullopt;  // unterminated
      ++i;
      tokens.push_back(token);
    } else if (std::string_view(":{}[],").find(ch) != std::string_view::npos) {
      tokens.emplace_back(1, ch);
      ++i;
    } else {
      size_t j = i;
      while (j < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[j])) ||
              text[j] == '_' || text[j] == '-' || text[j] == '+' ||
              text[j] == '.')) {
        ++j;
      }
      if (j == i) return std::nullopt;
      tokens.emplace_back(text.substr(i, j - i));
      i = j;
    }
  }
  return tokens;
}

std::optional<int64_t> ParseInt(const std::string& token) {
  if (token.empty()) return std::nullopt;
  char* end = nullptr;
  const long long value = std::strtoll(token.c_str(), &end, 10);
  if (end != token.c_str() + token.size()) return std::nullopt;
  return static_cast<int64_t>(value);
}

// The value token of "<key>: <value>", or nullopt.
std::optional<std::string> ScalarValue(std::string_view text,
                                       const std::string& key) {
  auto tokens = Tokenize(text);
  if (!tokens || tokens->size() != 3 || (*tokens)[0] != key ||
      (*tokens)[1] != ":") {
    return std::nullopt;
  }
  return (*tokens)[2];
}

// The "<key>: <value>" pairs of "list { ... }", or nullopt.
std::optional<std::vector<std::pair<std::string, std::string>>> ListEntries(
    std::string_view text) {
  auto tokens = Tokenize(text);
  if (!tokens || tokens->size() < 3 || (*tokens)[0] != "list" ||
      (*tokens)[1] != "{" || tokens->back() != "}") {
    return std::nullopt;
  }
  const std::vector<std::string> body(tokens->begin() + 2, tokens->end() - 1);
  if (body.size() % 3 != 0) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> entries;
  for (size_t i = 0; i < body.size(); i += 3) {
    if (body[i + 1] != ":") return std::nullopt;
    entries.emplace_back(body[i], body[i + 2]);
  }
  return entries;
}

}  // namespace

std::optional<bool> ParseBoolDefault(std::string_view text) {
  auto value = ScalarValue(text, "b");
  if (!value) return std::nullopt;
  if (*value == "true") return true;
  if (*value == "false") return false;
  return std::nullopt;
}

std::optional<int64_t> ParseIntDefault(std::string_view text) {
  auto value = ScalarValue(text, "i");
  return value ? ParseInt(*value) : std::nullopt;
}

std::optional<float> ParseFloatDefault(std::string_view text) {
  auto value = ScalarValue(text, "f");
  if (!value || value->empty()) return std::nullopt;
  char* end = nullptr;
  const float f = std::strtof(value->c_str(), &end);
  if (end != value->c_str() + value->size()) return std::nullopt;
  return f;
}

std::optional<std::string> ParseStringDefault(std::string_view text) {
  auto value = ScalarValue(text, "s");
  if (!value || value->empty() || (*value)[0] != '"') return std::nullopt;
  return value->substr(1);
}

std::optional<DataType> ParseTypeDefault(std::string_view text) {
  auto value = ScalarValue(text, "type");
  DataType dtype;
  if (!value || !tensorflow::DataType_Parse(*value, &dtype) ||
      dtype == tensorflow::DT_INVALID) {
    return std::nullopt;
  }
  return dtype;
}

std::optional<std::vector<int64_t>> ParseIntListDefault(std::string_view text) {
  auto entries = ListEntries(text);
  if (!entries) return std::nullopt;
  std::vector<int64_t> values;
  for (const auto& [key, value] : *entries) {
    auto parsed = ParseInt(value);
    if (key != "i" || !parsed) return std::nullopt;
    values.push_back(*parsed);
  }
  return values;
}

std::optional<std::vector<std::string>> ParseStringListDefault(
    std::string_view text) {
  auto entries = ListEntries(text);
  if (!entries) return std::nullopt;
  std::vector<std::string> values;
  for (const auto& [key, value] : *entries) {
    if (key != "s" || value.empty() || value[0] != '"') return std::nullopt;
    values.push_back(value.substr(1));
  }
  return values;
}

std::optional<Shape> ParseShapeDefault(std::string_view text) {
  auto tokens = Tokenize(text);
  if (!tokens || tokens->size() < 3 || (*tokens)[0] != "shape" ||
      (*tokens)[1] != "{" || tokens->back() != "}") {
    return std::nullopt;
  }
  const std::vector<std::string> body(tokens->begin() + 2, tokens->end() - 1);
  if (body == std::vector<std::string>{"unknown_rank", ":", "true"}) {
    return Shape::Unknown();
  }
  // dim { size: N } ...
  Shape shape = Shape::Scalar();
  for (size_t i = 0; i < body.size(); i += 6) {
    if (i + 6 > body.size() || body[i] != "dim" || body[i + 1] != "{" ||
        body[i + 2] != "size" || body[i + 3] != ":" || body[i + 5] != "}") {
      return std::nullopt;
    }
    auto size = ParseInt(body[i + 4]);
    if (!size || *size < -1) return std::nullopt;
    shape.dims.push_back(*size);
  }
  return shape;
}

bool IsValidDefault(AttrKind kind, std::string_view text) {
  switch (kind) {
    case AttrKind::kType:
      return ParseTypeDefault(text).has_value();
    case AttrKind::kInt:
      return ParseIntDefault(text).has_value();
    case AttrKind::kFloat:
      return ParseFloatDefault(text).has_value();
    case AttrKind::kBool:
      return ParseBoolDefault(text).has_value();
    case AttrKind::kString:
      return ParseStringDefault(text).has_value();
    case AttrKind::kShape:
      return ParseShapeDefault(text).has_value();
    case AttrKind::kListInt:
      return ParseIntListDefault(text).has_value();
    case AttrKind::kListString:
      return ParseStringListDefault(text).has_value();
    case AttrKind::kListType:
    case AttrKind::kListFloat:
    case AttrKind::kListShape: {
      auto entries = ListEntries(text);
      return entries && entries->empty();  // the table uses only "list { }"
    }
    case AttrKind::kTensor:
    case AttrKind::kFunc:
      return false;
  }
  return false;
}

// ---- Attr access
// ---------------------------------------------------------------

namespace {

// The table's default text for `name`, or an error when it has none.
StatusOr<std::string> DefaultText(const ShapeContext& c,
                                  std::string_view name) {
  const AttrSpec* attr = c.spec().FindAttr(name);
  if (attr == nullptr || attr->default_value.empty()) {
    return c.Error("missing attr '" + std::string(name) + "'");
  }
  return attr->default_value;
}

template <typename T>
StatusOr<T> FromDefault(const ShapeContext& c, std::string_view name,
                        std::optional<T> (*parse)(std::string_view)) {
  KILN_ASSIGN_OR_RETURN(std::string text, DefaultText(c, name));
  std::optional<T> value = parse(text);
  if (!value) {
    return Internal("'" + c.spec().name + "' has a malformed default for '" +
                    std::string(name) + "': " + text);
  }
  return *value;
}

}  // namespace

StatusOr<bool> GetBoolAttr(const ShapeContext& c, std::string_view name) {
  if (auto v = c.attrs().GetBool(name)) return *v;
  return FromDefault<bool>(c, name, ParseBoolDefault);
}

StatusOr<int64_t> GetIntAttr(const ShapeContext& c, std::string_view name) {
  if (auto v = c.attrs().GetInt(name)) return *v;
  return FromDefault<int64_t>(c, name, ParseIntDefault);
}

StatusOr<std::string> GetStringAttr(const ShapeContext& c,
                                    std::string_view name) {
  if (auto v = c.attrs().GetString(name)) return *v;
  return FromDefault<std::string>(c, name, ParseStringDefault);
}

StatusOr<std::vector<int64_t>> GetIntListAttr(const ShapeContext& c,
                                              std::string_view name) {
  if (auto v = c.attrs().GetIntList(name)) return *v;
  return FromDefault<std::vector<int64_t>>(c, name, ParseIntListDefault);
}

// ---- Dims and shapes
// -------------------------------------------------------------

StatusOr<Shape> MergeShapes(const ShapeContext& c, const Shape& a,
                            const Shape& b, const std::string& what) {
  if (a.unknown_rank) return b;
  if (b.unknown_rank) return a;
  const std::string message =
      what + " differ: " + a.ToString() + " vs " + b.ToString();
  if (a.rank() != b.rank()) return c.Error(message);
  Shape out = a;
  for (size_t i = 0; i < a.dims.size(); ++i) {
    if (a.dims[i] >= 0 && b.dims[i] >= 0 && a.dims[i] != b.dims[i]) {
      return c.Error(message);
    }
    if (out.dims[i] < 0) out.dims[i] = b.dims[i] < 0 ? kUnknownDim : b.dims[i];
  }
  return out;
}

int64_t AddDims(int64_t a, int64_t b) {
  return a < 0 || b < 0 ? kUnknownDim : a + b;
}

int64_t MultiplyDims(int64_t a, int64_t b) {
  if (a == 0 || b == 0) return 0;  // 0 * ? is still 0
  return a < 0 || b < 0 ? kUnknownDim : a * b;
}

int64_t DimOrUnknown(const Shape& s, int i) {
  if (s.unknown_rank) return kUnknownDim;
  const int rank = s.rank();
  if (i < 0) i += rank;
  if (i < 0 || i >= rank) return kUnknownDim;
  return s.dims[i] < 0 ? kUnknownDim : s.dims[i];
}

Shape UnknownDims(int rank) {
  if (rank < 0) return Shape::Unknown();
  return Shape::Of(std::vector<int64_t>(rank, kUnknownDim));
}

StatusOr<int> CanonicalAxis(const ShapeContext& c, int64_t axis, int rank,
                            const std::string& what) {
  if (axis < -rank || axis >= rank) {
    return c.Error(what + " " + std::to_string(axis) +
                   " is out of range for rank " + std::to_string(rank));
  }
  return static_cast<int>(axis < 0 ? axis + rank : axis);
}

std::optional<int64_t> ConstantScalarInput(const ShapeContext& c, int i) {
  auto values = c.ConstantInput(i);
  if (!values || values->size() != 1) return std::nullopt;
  return (*values)[0];
}

std::string ValuesToString(const std::vector<int64_t>& values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) s += ",";
    s += std::to_string(values[i]);
  }
  return s + "]";
}

// ---- Shared rules
// --------------------------------------------------------------

Status UnchangedShape(ShapeContext& c) {
  c.SetOutputShape(0, c.input_shape(0));
  return OkStatus();
}

Status BroadcastBinaryShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(Shape out,
                        BroadcastShapes(c, c.input_shape(0), c.input_shape(1)));
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

Status NoOutputShape(ShapeContext& c) { return OkStatus(); }

}  // namespace kiln
