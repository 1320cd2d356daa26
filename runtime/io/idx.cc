// ReadIdx / ParseIdx: IDX headers checked against the data's size before
// anything is allocated.
#include "runtime/io/idx.h"

#include <zlib.h>

#include <cstring>
#include <vector>

namespace kiln {
namespace {

Status Error(const std::string& name, size_t offset, const std::string& what) {
  return DataLoss(name + ": offset " + std::to_string(offset) + ": " + what);
}

uint32_t BigEndian32(std::string_view bytes, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | uint8_t(bytes[at + i]);
  return v;
}

struct IdxType {
  DataType dtype;  // the tensor's
  size_t bytes;    // per element in the file
};

std::optional<IdxType> TypeOf(uint8_t code) {
  switch (code) {
    case 0x08:
      return IdxType{tensorflow::DT_UINT8, 1};
    case 0x09:
      return IdxType{tensorflow::DT_INT32, 1};
    case 0x0B:
      return IdxType{tensorflow::DT_INT32, 2};
    case 0x0C:
      return IdxType{tensorflow::DT_INT32, 4};
    case 0x0D:
      return IdxType{tensorflow::DT_FLOAT, 4};
    case 0x0E:
      return IdxType{tensorflow::DT_DOUBLE, 8};
    default:
      return std::nullopt;
  }
}

// Element i of the data, big-endian, as the tensor's type.
void Decode(std::string_view data, uint8_t code, int64_t n, Tensor& out) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(data.data());
  auto word = [&](int64_t i, int width) {
    uint64_t v = 0;
    for (int b = 0; b < width; ++b) v = (v << 8) | p[i * width + b];
    return v;
  };
  for (int64_t i = 0; i < n; ++i) {
    switch (code) {
      case 0x08:
        out.data<uint8_t>()[i] = p[i];
        break;
      case 0x09:
        out.data<int32_t>()[i] = static_cast<int8_t>(p[i]);
        break;
      case 0x0B:
        out.data<int32_t>()[i] = static_cast<int16_t>(word(i, 2));
        break;
      case 0x0C:
        out.data<int32_t>()[i] = static_cast<int32_t>(word(i, 4));
        break;
      case 0x0D: {
        const uint32_t bits = static_cast<uint32_t>(word(i, 4));
        std::memcpy(&out.data<float>()[i], &bits, 4);
        break;
      }
      default: {
        const uint64_t bits = word(i, 8);
        std::memcpy(&out.data<double>()[i], &bits, 8);
      }
    }
  }
}

}  // namespace

StatusOr<Tensor> ParseIdx(std::string_view bytes, const std::string& name) {
  if (bytes.size() < 4) return Error(name, 0, "shorter than an IDX header");
  if (bytes[0] != 0 || bytes[1] != 0) {
    return Error(name, 0, "not an IDX file (the first two bytes are not 0)");
  }
  const uint8_t code = static_cast<uint8_t>(bytes[2]);
  std::optional<IdxType> type = TypeOf(code);
  if (!type) {
    return Error(name, 2, "unknown IDX element type 0x" + std::to_string(code));
  }
  const int rank = static_cast<uint8_t>(bytes[3]);
  const size_t header = 4 + 4 * static_cast<size_t>(rank);
  if (bytes.size() < header) {
    return Error(name, bytes.size(),
                 "truncated header: rank " + std::to_string(rank) + " needs " +
                     std::to_string(header) + " bytes");
  }
  std::vector<int64_t> dims;
  uint64_t n = 1;
  for (int d = 0; d < rank; ++d) {
    dims.push_back(BigEndian32(bytes, 4 + 4 * d));
    n *= static_cast<uint64_t>(dims.back());
    if (n > (uint64_t{1} << 40)) {
      return Error(name, 4 + 4 * d, "dims claim more than 2^40 elements");
    }
  }
  const uint64_t expected = n * type->bytes;
  if (bytes.size() - header != expected) {
    return Error(name, header,
                 "expected " + std::to_string(expected) +
                     " bytes of data, got " +
                     std::to_string(bytes.size() - header));
  }
  KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create(dims));
  KILN_ASSIGN_OR_RETURN(Tensor out, Tensor::Allocate(type->dtype, shape));
  Decode(bytes.substr(header), code, static_cast<int64_t>(n), out);
  return out;
}

StatusOr<std::string> ReadMaybeGzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");  // reads plain files as they are
  if (file == nullptr) return NotFound(path + ": cannot open");
  std::string bytes;
  std::vector<char> buffer(1 << 16);
  int n;
  while ((n = gzread(file, buffer.data(),
                     static_cast<unsigned>(buffer.size()))) > 0) {
    bytes.append(buffer.data(), n);
  }
  int code = 0;
  const char* message = n < 0 ? gzerror(file, &code) : nullptr;
  const std::string error = message ? message : "";
  gzclose(file);
  if (n < 0) {
    return DataLoss(path + ": offset " + std::to_string(bytes.size()) +
                    " (uncompressed): " + error);
  }
  return bytes;
}

StatusOr<Tensor> ReadIdx(const std::string& path) {
  KILN_ASSIGN_OR_RETURN(std::string bytes, ReadMaybeGzip(path));
  return ParseIdx(bytes, path);
}

}  // namespace kiln
