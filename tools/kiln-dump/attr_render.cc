// One-line renderings of AttrValues and TensorProtos.
#include "tools/kiln-dump/attr_render.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include "runtime/graph/shape_context.h"
#include "tools/kiln-dump/report.h"
#include "tools/kiln-dump/text_table.h"

namespace kiln::dump {
namespace {

using tensorflow::AttrValue;
using tensorflow::TensorProto;

template <typename T>
std::string Number(T value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

float HalfToFloat(uint16_t h) {
  const uint32_t sign = (h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1f;
  const uint32_t mantissa = h & 0x3ff;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    magnitude = mantissa ? std::numeric_limits<float>::quiet_NaN()
                         : std::numeric_limits<float>::infinity();
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400),
                           static_cast<int>(exponent) - 25);
  }
  return sign ? -magnitude : magnitude;
}

float BFloat16ToFloat(uint16_t b) {
  const uint32_t bits = static_cast<uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

std::string Half(DataType dtype, uint16_t bits) {
  return Number(dtype == tensorflow::DT_BFLOAT16 ? BFloat16ToFloat(bits)
                                                 : HalfToFloat(bits));
}

// Element `i` of a tensor, as text.
struct ValueReader {
  int64_t count = 0;
  std::function<std::string(int64_t)> at;
};

// Reads little-endian elements of type T from tensor_content (TensorFlow's
// byte order, which is the host's on the machines Kiln runs on).
template <typename T>
ValueReader ContentReader(const std::string& bytes,
                          std::function<std::string(T)> format) {
  return {static_cast<int64_t>(bytes.size() / sizeof(T)),
          [&bytes, format](int64_t i) {
            T value;
            std::memcpy(&value, bytes.data() + i * sizeof(T), sizeof(T));
            return format(value);
          }};
}

template <typename T>
std::function<std::string(T)> AsNumber() {
  return [](T v) { return Number(v); };
}

std::optional<ValueReader> FromContent(const TensorProto& t) {
  const std::string& b = t.tensor_content();
  switch (t.dtype()) {
    case tensorflow::DT_FLOAT:
      return ContentReader<float>(b, AsNumber<float>());
    case tensorflow::DT_DOUBLE:
      return ContentReader<double>(b, AsNumber<double>());
    case tensorflow::DT_INT32:
      return ContentReader<int32_t>(b, AsNumber<int32_t>());
    case tensorflow::DT_INT64:
      return ContentReader<int64_t>(b, AsNumber<int64_t>());
    case tensorflow::DT_INT16:
      return ContentReader<int16_t>(b, AsNumber<int16_t>());
    case tensorflow::DT_INT8:
      return ContentReader<int8_t>(b, AsNumber<int8_t>());
    case tensorflow::DT_UINT8:
      return ContentReader<uint8_t>(b, AsNumber<uint8_t>());
    case tensorflow::DT_UINT16:
      return ContentReader<uint16_t>(b, AsNumber<uint16_t>());
    case tensorflow::DT_UINT32:
      return ContentReader<uint32_t>(b, AsNumber<uint32_t>());
    case tensorflow::DT_UINT64:
      return ContentReader<uint64_t>(b, AsNumber<uint64_t>());
    case tensorflow::DT_BOOL:
      return ContentReader<uint8_t>(
          b, std::function<std::string(uint8_t)>(
                 [](uint8_t v) { return std::string(v ? "true" : "false"); }));
    case tensorflow::DT_HALF:
    case tensorflow::DT_BFLOAT16: {
      const DataType dtype = t.dtype();
      return ContentReader<uint16_t>(
          b, std::function<std::string(uint16_t)>(
                 [dtype](uint16_t v) { return Half(dtype, v); }));
    }
    default:
      return std::nullopt;
  }
}

template <typename Field>
ValueReader FieldReader(const Field& field) {
  return {field.size(), [&field](int64_t i) { return Number(field.Get(i)); }};
}

ValueReader Complex(const google::protobuf::RepeatedField<float>& f) {
  return {f.size() / 2, [&f](int64_t i) {
            return "(" + Number(f.Get(2 * i)) + "," + Number(f.Get(2 * i + 1)) +
                   ")";
          }};
}

ValueReader ComplexD(const google::protobuf::RepeatedField<double>& f) {
  return {f.size() / 2, [&f](int64_t i) {
            return "(" + Number(f.Get(2 * i)) + "," + Number(f.Get(2 * i + 1)) +
                   ")";
          }};
}

std::optional<ValueReader> FromFields(const TensorProto& t) {
  switch (t.dtype()) {
    case tensorflow::DT_FLOAT:
      return FieldReader(t.float_val());
    case tensorflow::DT_DOUBLE:
      return FieldReader(t.double_val());
    case tensorflow::DT_INT32:
    case tensorflow::DT_INT16:
    case tensorflow::DT_INT8:
    case tensorflow::DT_UINT8:
    case tensorflow::DT_UINT16:
    case tensorflow::DT_QINT8:
    case tensorflow::DT_QUINT8:
    case tensorflow::DT_QINT16:
    case tensorflow::DT_QUINT16:
    case tensorflow::DT_QINT32:
      return FieldReader(t.int_val());
    case tensorflow::DT_INT64:
      return FieldReader(t.int64_val());
    case tensorflow::DT_UINT32:
      return FieldReader(t.uint32_val());
    case tensorflow::DT_UINT64:
      return FieldReader(t.uint64_val());
    case tensorflow::DT_COMPLEX64:
      return Complex(t.scomplex_val());
    case tensorflow::DT_COMPLEX128:
      return ComplexD(t.dcomplex_val());
    case tensorflow::DT_BOOL: {
      const auto& f = t.bool_val();
      return ValueReader{f.size(), [&f](int64_t i) {
                           return std::string(f.Get(i) ? "true" : "false");
                         }};
    }
    case tensorflow::DT_STRING: {
      const auto& f = t.string_val();
      return ValueReader{f.size(),
                         [&f](int64_t i) { return RenderString(f.Get(i)); }};
    }
    case tensorflow::DT_HALF:
    case tensorflow::DT_BFLOAT16: {
      const auto& f = t.half_val();
      const DataType dtype = t.dtype();
      return ValueReader{f.size(), [&f, dtype](int64_t i) {
                           return Half(dtype, static_cast<uint16_t>(f.Get(i)));
                         }};
    }
    default:
      return std::nullopt;
  }
}

// "{1, 2, 3, ...}": the first values, a short tail repeating the last one
// as TensorFlow fills a tensor from fewer values than it has elements.
std::string RenderValues(const ValueReader& reader, int64_t elements) {
  const int64_t total = elements >= 0 ? elements : reader.count;
  const int64_t shown = std::min<int64_t>(total, kMaxShownValues);
  std::vector<std::string> values;
  for (int64_t i = 0; i < shown; ++i) {
    if (i < reader.count) {
      values.push_back(reader.at(i));
    } else {
      values.push_back(reader.count > 0 ? reader.at(reader.count - 1) : "0");
    }
  }
  if (total > shown) values.push_back("...");
  return "{" + Join(values, ", ") + "}";
}

std::string RenderFunc(const tensorflow::NameAttrList& func) {
  if (func.attr().empty()) return func.name();
  std::map<std::string, const AttrValue*> sorted;
  for (const auto& [key, value] : func.attr()) sorted[key] = &value;
  std::vector<std::string> parts;
  for (const auto& [key, value] : sorted) {
    parts.push_back(key + "=" + RenderAttr(*value));
  }
  return func.name() + "{" + Join(parts, ", ") + "}";
}

template <typename Items>
std::string RenderList(const Items& items,
                       const std::function<std::string(int)>& render) {
  std::vector<std::string> parts;
  for (int i = 0; i < items.size(); ++i) parts.push_back(render(i));
  return "[" + Join(parts, ", ") + "]";
}

std::string RenderListValue(const AttrValue::ListValue& l) {
  if (l.s_size())
    return RenderList(l.s(), [&](int i) { return RenderString(l.s(i)); });
  if (l.i_size())
    return RenderList(l.i(), [&](int i) { return Number(l.i(i)); });
  if (l.f_size())
    return RenderList(l.f(), [&](int i) { return Number(l.f(i)); });
  if (l.b_size()) {
    return RenderList(
        l.b(), [&](int i) { return std::string(l.b(i) ? "true" : "false"); });
  }
  if (l.type_size()) {
    return RenderList(l.type(), [&](int i) { return DtypeString(l.type(i)); });
  }
  if (l.shape_size()) {
    return RenderList(l.shape(), [&](int i) {
      return Shape::FromProto(l.shape(i)).ToString();
    });
  }
  if (l.tensor_size()) {
    return RenderList(l.tensor(),
                      [&](int i) { return RenderTensor(l.tensor(i)); });
  }
  if (l.func_size()) {
    return RenderList(l.func(), [&](int i) { return RenderFunc(l.func(i)); });
  }
  return "[]";
}

}  // namespace

std::string RenderString(const std::string& s) {
  constexpr size_t kMaxBytes = 64;
  std::string out = "\"";
  for (size_t i = 0; i < s.size() && i < kMaxBytes; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c >= 0x7f) {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\x%02x", c);
      out += buffer;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += "\"";
  if (s.size() > kMaxBytes)
    out += "... (" + std::to_string(s.size()) + " bytes)";
  return out;
}

std::string RenderTensor(const TensorProto& tensor) {
  const Shape shape = Shape::FromProto(tensor.tensor_shape());
  const std::string head = DtypeString(tensor.dtype()) + " " + shape.ToString();
  std::optional<ValueReader> reader = tensor.tensor_content().empty()
                                          ? FromFields(tensor)
                                          : FromContent(tensor);
  if (!reader) {
    if (tensor.tensor_content().empty()) return head;
    return head + " <" + std::to_string(tensor.tensor_content().size()) +
           " bytes>";
  }
  return head + " " + RenderValues(*reader, shape.NumElements());
}

std::string RenderAttr(const AttrValue& value) {
  switch (value.value_case()) {
    case AttrValue::kS:
      return RenderString(value.s());
    case AttrValue::kI:
      return Number(value.i());
    case AttrValue::kF:
      return Number(value.f());
    case AttrValue::kB:
      return value.b() ? "true" : "false";
    case AttrValue::kType:
      return DtypeString(value.type());
    case AttrValue::kShape:
      return Shape::FromProto(value.shape()).ToString();
    case AttrValue::kTensor:
      return RenderTensor(value.tensor());
    case AttrValue::kList:
      return RenderListValue(value.list());
    case AttrValue::kFunc:
      return RenderFunc(value.func());
    case AttrValue::kPlaceholder:
      return "$" + value.placeholder();
    case AttrValue::VALUE_NOT_SET:
      return "<unset>";
  }
  return "<unset>";
}

}  // namespace kiln::dump
