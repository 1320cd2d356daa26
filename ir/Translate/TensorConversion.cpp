//===- TensorConversion.cpp - TensorProto <-> elements attrs --------------===//
#include "ir/Translate/TensorConversion.h"

#include "ir/Dialect/DataTypes.h"
#include "ir/Dialect/KilnDialect.h"
#include "llvm/ADT/APFloat.h"

using namespace mlir;
namespace tf = tensorflow;

namespace kiln::ir {
namespace {

/// Byte width of dtypes whose tensor_content is a plain little-endian array.
int rawWidth(tf::DataType dtype) {
  switch (dtype) {
  case tf::DT_FLOAT:
  case tf::DT_INT32:
  case tf::DT_UINT32:
    return 4;
  case tf::DT_DOUBLE:
  case tf::DT_INT64:
  case tf::DT_UINT64:
  case tf::DT_COMPLEX64:
    return 8;
  case tf::DT_COMPLEX128:
    return 16;
  case tf::DT_HALF:
  case tf::DT_BFLOAT16:
  case tf::DT_INT16:
  case tf::DT_UINT16:
    return 2;
  case tf::DT_INT8:
  case tf::DT_UINT8:
  case tf::DT_BOOL:
    return 1;
  default:
    return 0;
  }
}

/// The typed value fields as little-endian bytes, one element each.
std::string typedValuesAsBytes(const tf::TensorProto &t, int width) {
  std::string bytes;
  auto append = [&](const void *data, size_t size) {
    bytes.append(static_cast<const char *>(data), size);
  };
  switch (t.dtype()) {
  case tf::DT_FLOAT:
    for (float v : t.float_val())
      append(&v, 4);
    break;
  case tf::DT_DOUBLE:
    for (double v : t.double_val())
      append(&v, 8);
    break;
  case tf::DT_INT64:
    for (int64_t v : t.int64_val())
      append(&v, 8);
    break;
  case tf::DT_UINT32:
    for (uint32_t v : t.uint32_val())
      append(&v, 4);
    break;
  case tf::DT_UINT64:
    for (uint64_t v : t.uint64_val())
      append(&v, 8);
    break;
  case tf::DT_BOOL:
    for (bool v : t.bool_val())
      bytes.push_back(v ? 1 : 0);
    break;
  case tf::DT_HALF:
  case tf::DT_BFLOAT16:
    for (int32_t v : t.half_val())
      append(&v, 2);
    break;
  case tf::DT_COMPLEX64:
    for (int i = 0; i + 1 < t.scomplex_val_size(); i += 2) {
      append(&t.scomplex_val()[i], 4);
      append(&t.scomplex_val()[i + 1], 4);
    }
    break;
  case tf::DT_COMPLEX128:
    for (int i = 0; i + 1 < t.dcomplex_val_size(); i += 2) {
      append(&t.dcomplex_val()[i], 8);
      append(&t.dcomplex_val()[i + 1], 8);
    }
    break;
  default: // int32, int16, int8, uint8, uint16 all use int_val.
    for (int32_t v : t.int_val())
      append(&v, width);
    break;
  }
  return bytes;
}

FailureOr<std::string> denseBytes(const tf::TensorProto &t, int64_t count,
                                  int width, std::string *error) {
  if (!t.tensor_content().empty()) {
    if (static_cast<int64_t>(t.tensor_content().size()) != count * width) {
      *error = "tensor_content has " +
               std::to_string(t.tensor_content().size()) +
               " bytes, shape needs " + std::to_string(count * width);
      return failure();
    }
    return t.tensor_content();
  }
  std::string bytes = typedValuesAsBytes(t, width);
  int64_t given = static_cast<int64_t>(bytes.size()) / width;
  if (given > count) {
    *error = "tensor has " + std::to_string(given) + " values, shape needs " +
             std::to_string(count);
    return failure();
  }
  if (given == 0)
    bytes.assign(width, '\0'); // No values: zeros, as TensorFlow reads it.
  std::string last = bytes.substr(bytes.size() - width);
  while (static_cast<int64_t>(bytes.size()) < count * width)
    bytes += last; // A short list repeats its last value.
  return bytes;
}

Attribute boolAttr(RankedTensorType type, const std::string &bytes) {
  SmallVector<bool> values;
  for (char c : bytes)
    values.push_back(c != 0);
  return DenseElementsAttr::get(type, values);
}

FailureOr<Attribute> stringAttr(RankedTensorType type, const tf::TensorProto &t,
                                int64_t count, std::string *error) {
  if (t.string_val_size() > count) {
    *error = "tensor has more strings than its shape holds";
    return failure();
  }
  SmallVector<StringRef> values;
  for (const std::string &s : t.string_val())
    values.push_back(s);
  StringRef fill = values.empty() ? StringRef() : values.back();
  while (static_cast<int64_t>(values.size()) < count)
    values.push_back(fill);
  return Attribute(DenseStringElementsAttr::get(type, values));
}

} // namespace

FailureOr<Attribute> importTensor(Builder &b, const tf::TensorProto &t,
                                  std::string *error) {
  if (t.tensor_shape().unknown_rank()) {
    *error = "tensor has an unknown rank";
    return failure();
  }
  SmallVector<int64_t> dims;
  int64_t count = 1;
  for (const auto &dim : t.tensor_shape().dim()) {
    if (dim.size() < 0 ||
        (dim.size() > 0 && count > (int64_t{1} << 40) / dim.size())) {
      *error = "tensor has an invalid dim " + std::to_string(dim.size());
      return failure();
    }
    dims.push_back(dim.size());
    count *= dim.size();
  }
  MLIRContext *ctx = b.getContext();
  int width = rawWidth(t.dtype());
  if (t.dtype() == tf::DT_STRING)
    return stringAttr(RankedTensorType::get(dims, StringType::get(ctx)), t,
                      count, error);
  if (width == 0)
    return Attribute(TensorProtoAttr::get(ctx, t.SerializeAsString()));
  auto type = RankedTensorType::get(dims, elementTypeFor(ctx, t.dtype()));
  FailureOr<std::string> bytes = denseBytes(t, count, width, error);
  if (failed(bytes))
    return failure();
  if (t.dtype() == tf::DT_BOOL)
    return boolAttr(type, *bytes);
  bool detectedSplat = false;
  if (!DenseElementsAttr::isValidRawBuffer(type, {bytes->data(), bytes->size()},
                                           detectedSplat)) {
    *error = "tensor bytes do not fit its type";
    return failure();
  }
  return Attribute(DenseElementsAttr::getFromRawBuffer(
      type, {bytes->data(), bytes->size()}));
}

namespace {

/// Writes one element's bytes as the dtype's typed value field.
void addTypedValue(tf::TensorProto &t, const char *data) {
  switch (t.dtype()) {
  case tf::DT_FLOAT:
    t.add_float_val(*reinterpret_cast<const float *>(data));
    break;
  case tf::DT_DOUBLE:
    t.add_double_val(*reinterpret_cast<const double *>(data));
    break;
  case tf::DT_INT64:
    t.add_int64_val(*reinterpret_cast<const int64_t *>(data));
    break;
  case tf::DT_UINT32:
    t.add_uint32_val(*reinterpret_cast<const uint32_t *>(data));
    break;
  case tf::DT_UINT64:
    t.add_uint64_val(*reinterpret_cast<const uint64_t *>(data));
    break;
  case tf::DT_INT32:
    t.add_int_val(*reinterpret_cast<const int32_t *>(data));
    break;
  case tf::DT_INT16:
    t.add_int_val(*reinterpret_cast<const int16_t *>(data));
    break;
  case tf::DT_UINT16:
    t.add_int_val(*reinterpret_cast<const uint16_t *>(data));
    break;
  case tf::DT_INT8:
    t.add_int_val(*reinterpret_cast<const int8_t *>(data));
    break;
  case tf::DT_UINT8:
    t.add_int_val(*reinterpret_cast<const uint8_t *>(data));
    break;
  case tf::DT_HALF:
  case tf::DT_BFLOAT16:
    t.add_half_val(*reinterpret_cast<const uint16_t *>(data));
    break;
  case tf::DT_COMPLEX64:
    t.add_scomplex_val(reinterpret_cast<const float *>(data)[0]);
    t.add_scomplex_val(reinterpret_cast<const float *>(data)[1]);
    break;
  case tf::DT_COMPLEX128:
    t.add_dcomplex_val(reinterpret_cast<const double *>(data)[0]);
    t.add_dcomplex_val(reinterpret_cast<const double *>(data)[1]);
    break;
  default:
    break;
  }
}

void exportStrings(DenseStringElementsAttr strings, tf::TensorProto &t) {
  if (strings.isSplat() && strings.getNumElements() > 1) {
    t.add_string_val(strings.getSplatValue<StringRef>().str());
    return;
  }
  for (StringRef s : strings.getRawStringData())
    t.add_string_val(s.str());
}

} // namespace

FailureOr<tf::TensorProto> exportTensor(Attribute attr) {
  tf::TensorProto t;
  if (auto opaque = dyn_cast<TensorProtoAttr>(attr)) {
    if (!t.ParseFromString(opaque.getBytes().str()))
      return failure();
    return t;
  }
  auto dense = dyn_cast<DenseElementsAttr>(attr);
  if (!dense)
    return failure();
  std::optional<tf::DataType> dtype = dataTypeOf(dense.getElementType());
  if (!dtype)
    return failure();
  t.set_dtype(*dtype);
  t.mutable_tensor_shape(); // Present even for scalars, as TensorFlow writes
                            // it.
  for (int64_t dim : dense.getType().getShape())
    t.mutable_tensor_shape()->add_dim()->set_size(dim);
  if (auto strings = dyn_cast<DenseStringElementsAttr>(attr)) {
    exportStrings(strings, t);
    return t;
  }
  bool single = dense.isSplat() || dense.getNumElements() == 1;
  if (*dtype == tf::DT_BOOL) {
    if (single && dense.getNumElements() > 0) {
      t.add_bool_val(dense.getSplatValue<bool>());
      return t;
    }
    std::string content;
    for (bool v : dense.getValues<bool>())
      content.push_back(v ? 1 : 0);
    t.set_tensor_content(content);
    return t;
  }
  ArrayRef<char> raw = dense.getRawData();
  if (single) {
    if (dense.getNumElements() > 0)
      addTypedValue(t, raw.data());
    return t;
  }
  t.set_tensor_content(std::string(raw.data(), raw.size()));
  return t;
}

} // namespace kiln::ir
