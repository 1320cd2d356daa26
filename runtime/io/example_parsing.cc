// ParseExamples: each record parsed once, each spec'd feature checked
// against its kind and length, then copied into the batch's tensors.
#include "runtime/io/example_parsing.h"

#include <google/protobuf/arena.h>

#include <algorithm>

namespace kiln {
namespace {

using tensorflow::Feature;

const char* KindName(Feature::KindCase k) {
  switch (k) {
    case Feature::kBytesList:
      return "bytes_list";
    case Feature::kFloatList:
      return "float_list";
    case Feature::kInt64List:
      return "int64_list";
    default:
      return "no list";
  }
}

Feature::KindCase KindOf(DataType dtype) {
  if (dtype == tensorflow::DT_FLOAT) return Feature::kFloatList;
  if (dtype == tensorflow::DT_INT64) return Feature::kInt64List;
  return Feature::kBytesList;
}

int64_t CountOf(const Feature& f) {
  switch (f.kind_case()) {
    case Feature::kBytesList:
      return f.bytes_list().value_size();
    case Feature::kFloatList:
      return f.float_list().value_size();
    case Feature::kInt64List:
      return f.int64_list().value_size();
    default:
      return 0;
  }
}

double NumberAt(const Feature& f, int64_t i) {
  return f.kind_case() == Feature::kFloatList
             ? f.float_list().value(static_cast<int>(i))
             : static_cast<double>(f.int64_list().value(static_cast<int>(i)));
}

void Store(Tensor& t, int64_t at, double v) {
  if (float* p = t.data<float>()) p[at] = static_cast<float>(v);
  if (int64_t* p = t.data<int64_t>()) p[at] = static_cast<int64_t>(v);
}

Status CheckDtype(DataType dtype, const std::string& name) {
  if (dtype == tensorflow::DT_FLOAT || dtype == tensorflow::DT_INT64 ||
      dtype == tensorflow::DT_STRING) {
    return OkStatus();
  }
  return InvalidArgument("feature '" + name + "': dtype " +
                         DataTypeName(dtype) +
                         " is not float, int64 or string");
}

// The feature `name` of example `i`, or null when missing; an error when it
// holds another kind of list.
StatusOr<const Feature*> Lookup(const tensorflow::Example& e, int64_t i,
                                const std::string& name, DataType dtype) {
  const auto& map = e.features().feature();
  auto it = map.find(name);
  if (it == map.end() || it->second.kind_case() == Feature::KIND_NOT_SET) {
    return nullptr;
  }
  if (it->second.kind_case() != KindOf(dtype)) {
    return InvalidArgument("example " + std::to_string(i) + ": feature '" +
                           name + "' has a " +
                           KindName(it->second.kind_case()) + ", expected a " +
                           KindName(KindOf(dtype)));
  }
  return &it->second;
}

Status ParseFixed(const std::vector<const tensorflow::Example*>& examples,
                  const FixedLenFeature& spec, ParsedExamples* out) {
  int64_t per = 1;
  for (int64_t d : spec.shape) per *= d;
  const int64_t n = static_cast<int64_t>(examples.size());
  std::vector<int64_t> dims = {n};
  dims.insert(dims.end(), spec.shape.begin(), spec.shape.end());
  const bool bytes = spec.dtype == tensorflow::DT_STRING;
  Tensor dense;
  if (!bytes) {
    KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create(dims));
    KILN_ASSIGN_OR_RETURN(dense, Tensor::Allocate(spec.dtype, shape));
  }
  if (spec.default_value && spec.default_value->size() != 1 &&
      static_cast<int64_t>(spec.default_value->size()) != per) {
    return InvalidArgument("feature '" + spec.name +
                           "': a default needs 1 or " + std::to_string(per) +
                           " values, not " +
                           std::to_string(spec.default_value->size()));
  }
  std::vector<std::string>& strings = out->dense_bytes[spec.name];
  for (int64_t i = 0; i < n; ++i) {
    KILN_ASSIGN_OR_RETURN(const Feature* f,
                          Lookup(*examples[i], i, spec.name, spec.dtype));
    const std::string where =
        "example " + std::to_string(i) + ": feature '" + spec.name + "'";
    if (f == nullptr) {
      const bool has_default = bytes ? spec.default_bytes.has_value()
                                     : spec.default_value.has_value();
      if (!has_default)
        return InvalidArgument(where + " is missing and has no default");
      for (int64_t k = 0; k < per; ++k) {
        if (bytes) {
          strings.push_back(*spec.default_bytes);
        } else {
          const auto& d = *spec.default_value;
          Store(dense, i * per + k, d.size() == 1 ? d[0] : d[k]);
        }
      }
      continue;
    }
    if (CountOf(*f) != per) {
      return InvalidArgument(where + " has " + std::to_string(CountOf(*f)) +
                             " values; its shape needs " + std::to_string(per));
    }
    if (bytes) {
      for (int64_t k = 0; k < per; ++k) {
        strings.push_back(f->bytes_list().value(static_cast<int>(k)));
      }
    } else if (f->kind_case() == Feature::kFloatList) {
      std::copy_n(f->float_list().value().data(), per,
                  dense.data<float>() + i * per);
    } else {
      std::copy_n(f->int64_list().value().data(), per,
                  dense.data<int64_t>() + i * per);
    }
  }
  if (!bytes) {
    out->dense[spec.name] = dense;
    out->dense_bytes.erase(spec.name);
  }
  return OkStatus();
}

Status ParseVarLen(const std::vector<const tensorflow::Example*>& examples,
                   const VarLenFeature& spec, ParsedExamples* out) {
  std::vector<int64_t> indices;
  std::vector<double> numbers;
  SparseTensor sparse;
  int64_t longest = 0;
  const int64_t n = static_cast<int64_t>(examples.size());
  for (int64_t i = 0; i < n; ++i) {
    KILN_ASSIGN_OR_RETURN(const Feature* f,
                          Lookup(*examples[i], i, spec.name, spec.dtype));
    if (f == nullptr) continue;
    const int64_t count = CountOf(*f);
    longest = std::max(longest, count);
    for (int64_t k = 0; k < count; ++k) {
      indices.push_back(i);
      indices.push_back(k);
      if (spec.dtype == tensorflow::DT_STRING) {
        sparse.bytes_values.push_back(
            f->bytes_list().value(static_cast<int>(k)));
      } else {
        numbers.push_back(NumberAt(*f, k));
      }
    }
  }
  const int64_t values = static_cast<int64_t>(indices.size() / 2);
  KILN_ASSIGN_OR_RETURN(
      sparse.indices,
      Tensor::Allocate(tensorflow::DT_INT64,
                       TensorShape::Create({values, 2}).value()));
  std::copy(indices.begin(), indices.end(), sparse.indices.data<int64_t>());
  KILN_ASSIGN_OR_RETURN(sparse.dense_shape,
                        Tensor::FromVector<int64_t>({n, longest}));
  if (spec.dtype != tensorflow::DT_STRING) {
    KILN_ASSIGN_OR_RETURN(
        sparse.values,
        Tensor::Allocate(spec.dtype, TensorShape::Create({values}).value()));
    for (int64_t k = 0; k < values; ++k) Store(sparse.values, k, numbers[k]);
  }
  out->sparse[spec.name] = std::move(sparse);
  return OkStatus();
}

void Set(tensorflow::Example* e, const std::string& name, Feature f) {
  (*e->mutable_features()->mutable_feature())[name] = std::move(f);
}

}  // namespace

void SetFloats(tensorflow::Example* e, const std::string& name,
               const std::vector<float>& values) {
  Feature f;
  for (float v : values) f.mutable_float_list()->add_value(v);
  Set(e, name, std::move(f));
}

void SetInt64s(tensorflow::Example* e, const std::string& name,
               const std::vector<int64_t>& values) {
  Feature f;
  for (int64_t v : values) f.mutable_int64_list()->add_value(v);
  Set(e, name, std::move(f));
}

void SetBytes(tensorflow::Example* e, const std::string& name,
              const std::vector<std::string>& values) {
  Feature f;
  for (const std::string& v : values) f.mutable_bytes_list()->add_value(v);
  Set(e, name, std::move(f));
}

StatusOr<ParsedExamples> ParseExamples(const std::vector<std::string>& records,
                                       const ExampleSpec& spec) {
  // One arena for the batch's messages: parsing allocates map nodes and
  // lists for every example, freed together here.
  google::protobuf::Arena arena;
  std::vector<const tensorflow::Example*> examples(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    auto* e =
        google::protobuf::Arena::CreateMessage<tensorflow::Example>(&arena);
    examples[i] = e;
    if (!e->ParseFromString(records[i])) {
      return DataLoss("example " + std::to_string(i) +
                      ": not a serialized tf.train.Example");
    }
  }
  ParsedExamples out;
  for (const FixedLenFeature& f : spec.fixed) {
    KILN_RETURN_IF_ERROR(CheckDtype(f.dtype, f.name));
    KILN_RETURN_IF_ERROR(ParseFixed(examples, f, &out));
  }
  for (const VarLenFeature& f : spec.var_len) {
    KILN_RETURN_IF_ERROR(CheckDtype(f.dtype, f.name));
    KILN_RETURN_IF_ERROR(ParseVarLen(examples, f, &out));
  }
  return out;
}

}  // namespace kiln
