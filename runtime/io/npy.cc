// .npy parsing and writing: magic, versioned header length, the Python dict
// literal header, then raw element bytes.
#include "runtime/io/npy.h"

#include <cctype>
#include <cstring>
#include <utility>
#include <vector>

#include "runtime/io/file_util.h"

namespace kiln {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
constexpr size_t kHeaderAlignment = 64;

struct Descr {
  DataType dtype = tensorflow::DT_INVALID;
  bool big_endian = false;
};

// One value of the header dict.
struct HeaderValue {
  enum Kind { kString, kBool, kTuple } kind = kString;
  std::string str;
  bool boolean = false;
  std::vector<int64_t> ints;
  size_t offset = 0;  // file offset where the value starts
};

// Recursive-descent reader of the header's Python dict literal.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, size_t base, const std::string& name)
      : text_(text), base_(base), name_(name) {}

  Status Error(const std::string& msg) const { return ErrorAt(pos_, msg); }
  Status ErrorAt(size_t pos, const std::string& msg) const {
    return InvalidArgument(name_ + ": offset " + std::to_string(base_ + pos) +
                           ": " + msg);
  }
  size_t FileOffset() const { return base_ + pos_; }

  // Parses "{'key': value, ...}" into (key, value) pairs.
  Status ParseDict(std::vector<std::pair<std::string, HeaderValue>>* out) {
    SkipSpace();
    if (!Consume('{')) return Error("header is not a dict");
    for (;;) {
      SkipSpace();
      if (Consume('}')) break;
      std::string key;
      if (!ParseString(&key)) return Error("expected a quoted key");
      SkipSpace();
      if (!Consume(':')) return Error("expected ':' after '" + key + "'");
      SkipSpace();
      HeaderValue value;
      KILN_RETURN_IF_ERROR(ParseValue(key, &value));
      out->emplace_back(std::move(key), std::move(value));
      SkipSpace();
      if (Consume('}')) break;
      if (!Consume(',')) return Error("expected ',' or '}' in the header dict");
    }
    SkipSpace();
    if (pos_ != text_.size()) return Error("unexpected text after the dict");
    return OkStatus();
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() &&
           std::isspace(static_cast<unsigned char>(text_[pos_]))) {
      ++pos_;
    }
  }
  bool Consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool ConsumeWord(std::string_view w) {
    if (text_.substr(pos_, w.size()) != w) return false;
    pos_ += w.size();
    return true;
  }
  bool ParseString(std::string* out) {
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) {
      return false;
    }
    const char quote = text_[pos_];
    const size_t end = text_.find(quote, pos_ + 1);
    if (end == std::string_view::npos) return false;
    *out = std::string(text_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return true;
  }
  Status ParseInt(int64_t* out) {
    const size_t start = pos_;
    bool negative = Consume('-');
    if (pos_ >= text_.size() ||
        !std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      return ErrorAt(start, "expected an integer in 'shape'");
    }
    int64_t v = 0;
    while (pos_ < text_.size() &&
           std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      if (__builtin_mul_overflow(v, 10, &v) ||
          __builtin_add_overflow(v, text_[pos_] - '0', &v)) {
        return ErrorAt(start, "dimension does not fit in int64");
      }
      ++pos_;
    }
    Consume('L');  // Python 2 longs: (3L, 4L)
    *out = negative ? -v : v;
    return OkStatus();
  }
  Status ParseValue(const std::string& key, HeaderValue* value) {
    value->offset = FileOffset();
    if (ParseString(&value->str)) {
      value->kind = HeaderValue::kString;
    } else if (ConsumeWord("True")) {
      value->kind = HeaderValue::kBool;
      value->boolean = true;
    } else if (ConsumeWord("False")) {
      value->kind = HeaderValue::kBool;
      value->boolean = false;
    } else if (Consume('(')) {
      value->kind = HeaderValue::kTuple;
      for (;;) {
        SkipSpace();
        if (Consume(')')) break;
        int64_t v;
        KILN_RETURN_IF_ERROR(ParseInt(&v));
        value->ints.push_back(v);
        SkipSpace();
        if (Consume(')')) break;
        if (!Consume(',')) return Error("expected ',' or ')' in a tuple");
      }
    } else if (pos_ < text_.size() && text_[pos_] == '[') {
      return Unimplemented(name_ + ": offset " + std::to_string(FileOffset()) +
                           ": structured dtypes ('" + key +
                           "' is a list) are not supported");
    } else {
      return Error("unsupported value for '" + key + "'");
    }
    return OkStatus();
  }

  std::string_view text_;
  size_t base_;
  const std::string& name_;
  size_t pos_ = 0;
};

StatusOr<Descr> ParseDescr(const HeaderValue& v, const std::string& name) {
  const std::string where = name + ": offset " + std::to_string(v.offset);
  const std::string& s = v.str;
  if (v.kind != HeaderValue::kString) {
    return InvalidArgument(where + ": 'descr' is not a string");
  }
  if (s.size() < 3 ||
      std::string_view("<>|=").find(s[0]) == std::string::npos) {
    return InvalidArgument(where + ": malformed descr '" + s + "'");
  }
  Descr d;
  d.big_endian = s[0] == '>';
  const std::string type = s.substr(1);
  static const std::pair<const char*, DataType> kTypes[] = {
      {"f2", tensorflow::DT_HALF},   {"f4", tensorflow::DT_FLOAT},
      {"f8", tensorflow::DT_DOUBLE}, {"i1", tensorflow::DT_INT8},
      {"i2", tensorflow::DT_INT16},  {"i4", tensorflow::DT_INT32},
      {"i8", tensorflow::DT_INT64},  {"u1", tensorflow::DT_UINT8},
      {"u2", tensorflow::DT_UINT16}, {"u4", tensorflow::DT_UINT32},
      {"u8", tensorflow::DT_UINT64}, {"b1", tensorflow::DT_BOOL},
  };
  for (const auto& [code, dtype] : kTypes) {
    if (type == code) d.dtype = dtype;
  }
  if (d.dtype == tensorflow::DT_INVALID) {
    return Unimplemented(where + ": unsupported descr '" + s +
                         "' (supported: f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1)");
  }
  if (s[0] == '|' && DataTypeSize(d.dtype) > 1) {
    return InvalidArgument(where + ": descr '" + s +
                           "' has no byte order for a multi-byte type");
  }
  return d;
}

// Copies Fortran-order elements of `shape` from src into C order at dst.
void FortranToC(const char* src, char* dst, const TensorShape& shape,
                size_t elem) {
  const int rank = shape.dims();
  std::vector<int64_t> fstride(rank), idx(rank, 0);
  int64_t stride = 1;
  for (int k = 0; k < rank; ++k) {
    fstride[k] = stride;
    stride *= shape.dim_size(k);
  }
  int64_t src_index = 0;
  for (int64_t c = 0; c < shape.num_elements(); ++c) {
    std::memcpy(dst + c * elem, src + src_index * elem, elem);
    for (int k = rank - 1; k >= 0; --k) {  // next C-order index
      src_index += fstride[k];
      if (++idx[k] < shape.dim_size(k)) break;
      src_index -= fstride[k] * shape.dim_size(k);
      idx[k] = 0;
    }
  }
}

uint32_t ReadLe(std::string_view bytes, size_t offset, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    v |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[offset + i]))
         << (8 * i);
  }
  return v;
}

std::string WriteDescr(DataType dtype) {
  switch (dtype) {
    case tensorflow::DT_HALF:
      return "<f2";
    case tensorflow::DT_FLOAT:
      return "<f4";
    case tensorflow::DT_DOUBLE:
      return "<f8";
    case tensorflow::DT_INT8:
      return "|i1";
    case tensorflow::DT_INT16:
      return "<i2";
    case tensorflow::DT_INT32:
      return "<i4";
    case tensorflow::DT_INT64:
      return "<i8";
    case tensorflow::DT_UINT8:
      return "|u1";
    case tensorflow::DT_UINT16:
      return "<u2";
    case tensorflow::DT_UINT32:
      return "<u4";
    case tensorflow::DT_UINT64:
      return "<u8";
    case tensorflow::DT_BOOL:
      return "|b1";
    default:
      return "";
  }
}

}  // namespace

StatusOr<Tensor> ParseNpy(std::string_view bytes, const std::string& name) {
  auto at = [&](size_t offset) {
    return name + ": offset " + std::to_string(offset) + ": ";
  };
  if (bytes.size() < kMagicSize + 2 ||
      bytes.substr(0, kMagicSize) != std::string_view(kMagic, kMagicSize)) {
    return InvalidArgument(at(0) + "not a .npy file (bad magic)");
  }
  const int major = static_cast<uint8_t>(bytes[6]);
  const int minor = static_cast<uint8_t>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0) {
    return Unimplemented(at(6) + "unsupported .npy format version " +
                         std::to_string(major) + "." + std::to_string(minor));
  }
  const size_t len_size = major == 1 ? 2 : 4;
  const size_t header_start = 8 + len_size;
  if (bytes.size() < header_start) {
    return InvalidArgument(at(8) + "truncated header length");
  }
  const size_t header_len = ReadLe(bytes, 8, len_size);
  if (bytes.size() - header_start < header_len) {
    return InvalidArgument(at(header_start) + "truncated header: expected " +
                           std::to_string(header_len) + " bytes, got " +
                           std::to_string(bytes.size() - header_start));
  }
  HeaderParser parser(bytes.substr(header_start, header_len), header_start,
                      name);
  std::vector<std::pair<std::string, HeaderValue>> dict;
  KILN_RETURN_IF_ERROR(parser.ParseDict(&dict));
  const HeaderValue* descr_value = nullptr;
  const HeaderValue* fortran_value = nullptr;
  const HeaderValue* shape_value = nullptr;
  for (const auto& [key, value] : dict) {
    if (key == "descr") {
      descr_value = &value;
    } else if (key == "fortran_order") {
      fortran_value = &value;
    } else if (key == "shape") {
      shape_value = &value;
    } else {
      return InvalidArgument(at(value.offset) + "unexpected header key '" +
                             key + "'");
    }
  }
  for (auto [v, key] : {std::pair{descr_value, "descr"},
                        std::pair{fortran_value, "fortran_order"},
                        std::pair{shape_value, "shape"}}) {
    if (v == nullptr) {
      return InvalidArgument(at(header_start) + "header has no '" + key + "'");
    }
  }
  KILN_ASSIGN_OR_RETURN(Descr descr, ParseDescr(*descr_value, name));
  if (fortran_value->kind != HeaderValue::kBool) {
    return InvalidArgument(at(fortran_value->offset) +
                           "'fortran_order' is not True or False");
  }
  if (shape_value->kind != HeaderValue::kTuple) {
    return InvalidArgument(at(shape_value->offset) + "'shape' is not a tuple");
  }
  StatusOr<TensorShape> shape = TensorShape::Create(shape_value->ints);
  if (!shape.ok()) {
    return InvalidArgument(at(shape_value->offset) + shape.status().message());
  }
  const size_t data_start = header_start + header_len;
  const size_t elem = DataTypeSize(descr.dtype);
  const size_t expected = shape->num_elements() * elem;
  const size_t got = bytes.size() - data_start;
  if (got < expected) {
    return DataLoss(at(data_start) + "truncated data: expected " +
                    std::to_string(expected) + " bytes, got " +
                    std::to_string(got));
  }
  if (got > expected) {
    return InvalidArgument(at(data_start + expected) +
                           std::to_string(got - expected) +
                           " unexpected bytes after the data");
  }
  StatusOr<Tensor> tensor = Tensor::Allocate(descr.dtype, *shape);
  if (!tensor.ok()) return tensor.status().WithPrefix(name);
  char* out = static_cast<char*>(tensor->raw_data());
  const char* in = bytes.data() + data_start;
  if (expected > 0) {
    if (fortran_value->boolean && shape->dims() > 1) {
      FortranToC(in, out, *shape, elem);
    } else {
      std::memcpy(out, in, expected);
    }
  }
  if (descr.big_endian && elem > 1) {
    for (size_t i = 0; i < expected; i += elem) {
      for (size_t j = 0; j < elem / 2; ++j) {
        std::swap(out[i + j], out[i + elem - 1 - j]);
      }
    }
  }
  if (descr.dtype == tensorflow::DT_BOOL) {
    for (size_t i = 0; i < expected; ++i) out[i] = out[i] != 0;
  }
  return std::move(tensor).value();
}

StatusOr<std::string> SerializeNpy(const Tensor& tensor) {
  if (!tensor.IsInitialized()) {
    return FailedPrecondition("SerializeNpy: uninitialized tensor");
  }
  const std::string descr = WriteDescr(tensor.dtype());
  if (descr.empty()) {
    return Unimplemented("SerializeNpy: dtype " + DataTypeName(tensor.dtype()) +
                         " has no NumPy equivalent; cast it to float first");
  }
  std::string shape = "(";
  for (int i = 0; i < tensor.dims(); ++i) {
    shape += std::to_string(tensor.dim_size(i));
    shape += tensor.dims() == 1 ? "," : (i + 1 < tensor.dims() ? ", " : "");
  }
  shape += ")";
  std::string header = "{'descr': '" + descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad with spaces and a newline so the data starts 64-byte aligned.
  size_t prefix = kMagicSize + 2 + 2;
  int major = 1;
  if (prefix + header.size() + 1 > 65535) {
    prefix = kMagicSize + 2 + 4;
    major = 2;
  }
  const size_t total = (prefix + header.size() + 1 + kHeaderAlignment - 1) /
                       kHeaderAlignment * kHeaderAlignment;
  header.append(total - prefix - header.size() - 1, ' ');
  header += '\n';
  std::string out(kMagic, kMagicSize);
  out += static_cast<char>(major);
  out += '\0';
  const size_t len = header.size();
  for (size_t i = 0; i < prefix - 8; ++i) {
    out += static_cast<char>((len >> (8 * i)) & 0xff);
  }
  out += header;
  out.append(static_cast<const char*>(tensor.raw_data()), tensor.bytes());
  return out;
}

StatusOr<Tensor> ReadNpy(const std::string& path) {
  KILN_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(path));
  return ParseNpy(bytes, path);
}

Status WriteNpy(const std::string& path, const Tensor& tensor) {
  StatusOr<std::string> bytes = SerializeNpy(tensor);
  if (!bytes.ok()) return bytes.status().WithPrefix(path);
  return WriteFileAtomically(path, *bytes);
}

}  // namespace kiln
