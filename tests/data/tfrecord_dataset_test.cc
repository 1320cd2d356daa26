// TFRecordExamples: batches across files, values as written, and damaged
// files named in the error.
#include "frontend/data/tfrecord_dataset.h"

#include <unistd.h>

#include <catch2/catch.hpp>

#include "runtime/io/file_util.h"

namespace kiln {
namespace data {
namespace {

std::string Write(const std::string& name, int first, int count,
                  Compression c) {
  const std::string path =
      "/tmp/kiln_tfds_" + std::to_string(getpid()) + "_" + name;
  auto w = TFRecordWriter::Open(path, c);
  REQUIRE(w.ok());
  for (int i = first; i < first + count; ++i) {
    tensorflow::Example e;
    SetInt64s(&e, "label", {i});
    SetFloats(&e, "x", {i * 0.5f, i * 1.0f, i * 1.5f});
    REQUIRE((*w)->Write(e.SerializeAsString()).ok());
  }
  REQUIRE((*w)->Close().ok());
  return path;
}

ExampleSpec Spec() {
  ExampleSpec spec;
  spec.fixed = {{"x", tensorflow::DT_FLOAT, {3}, {}, {}},
                {"label", tensorflow::DT_INT64, {}, {}, {}}};
  return spec;
}

TEST_CASE("TFRecord examples batch across files", "[data]") {
  const std::string a = Write("a", 0, 5, Compression::kGzip);
  const std::string b = Write("b", 5, 6, Compression::kGzip);
  Dataset ds = TFRecordExamples({a, b}, Compression::kGzip, Spec(), 4);
  auto it = ds.MakeIterator();
  std::vector<int64_t> labels;
  std::vector<int64_t> sizes;
  while (true) {
    StatusOr<std::optional<Element>> e = it->Next();
    REQUIRE(e.ok());
    if (!*e) break;
    const Tensor& x = (**e)[0];
    const Tensor& label = (**e)[1];
    sizes.push_back(label.NumElements());
    for (int64_t i = 0; i < label.NumElements(); ++i) {
      const int64_t l = label.flat<int64_t>()[i];
      labels.push_back(l);
      CHECK(x.flat<float>()[3 * i + 2] == l * 1.5f);
    }
  }
  CHECK(sizes == std::vector<int64_t>{4, 4, 3});
  CHECK(labels == std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  unlink(a.c_str());
  unlink(b.c_str());
}

TEST_CASE("a damaged TFRecord file is named in the error", "[data]") {
  const std::string a = Write("ok", 0, 2, Compression::kNone);
  const std::string b = Write("bad", 2, 3, Compression::kNone);
  std::string bytes = ReadFileToString(b).value();
  bytes[bytes.size() - 1] ^= 1;  // the last record's data CRC
  REQUIRE(WriteFileAtomically(b, bytes).ok());
  auto it =
      TFRecordExamples({a, b}, Compression::kNone, Spec(), 10).MakeIterator();
  Status s = it->Next().status();
  CHECK(s.code() == StatusCode::kDataLoss);
  CHECK_THAT(s.message(),
             Catch::Contains(b + ": corrupted data of the record at offset"));
  unlink(a.c_str());
  unlink(b.c_str());
}

}  // namespace
}  // namespace data
}  // namespace kiln
