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

// Byte offsets of the records of a plain TFRecord file.
std::vector<uint64_t> RecordOffsets(const std::string& path) {
  auto reader = TFRecordReader::Open(path).value();
  std::vector<uint64_t> offsets;
  std::string record;
  while (true) {
    const uint64_t at = reader->offset();
    if (!reader->Next(&record).ok()) return offsets;
    offsets.push_back(at);
  }
}

TEST_CASE("damaged records are skipped only when asked, and reported",
          "[data]") {
  const std::string a = Write("skip_a", 0, 6, Compression::kNone);
  const std::string b = Write("skip_b", 6, 4, Compression::kNone);
  const std::string c = Write("skip_c", 10, 3, Compression::kNone);
  // a: records 1 and 4 fail their data CRC; b: record 2's length is
  // damaged, so the rest of b is lost; c is whole.
  std::string bytes = ReadFileToString(a).value();
  const std::vector<uint64_t> offsets_a = RecordOffsets(a);
  bytes[offsets_a[1] + 12] ^= 0x5a;
  bytes[offsets_a[4] + 13] ^= 0x5a;
  REQUIRE(WriteFileAtomically(a, bytes).ok());
  bytes = ReadFileToString(b).value();
  bytes[RecordOffsets(b)[2] + 3] ^= 0x01;
  REQUIRE(WriteFileAtomically(b, bytes).ok());
  std::vector<std::string> reports;
  TFRecordOptions options;
  options.damaged = DamagedRecords::kSkip;
  options.on_skip = [&](const Status& s) { reports.push_back(s.message()); };
  auto it = TFRecordExamples({a, b, c}, Compression::kNone, Spec(), 4, options)
                .MakeIterator();
  std::vector<int64_t> labels;
  while (true) {
    auto e = it->Next();
    REQUIRE(e.ok());
    if (!*e) break;
    for (int64_t l : (**e)[1].flat<int64_t>()) labels.push_back(l);
  }
  CHECK(labels == std::vector<int64_t>{0, 2, 3, 5, 6, 7, 10, 11, 12});
  REQUIRE(reports.size() == 3);
  CHECK_THAT(reports[0], Catch::Contains(a +
                                         ": corrupted data of the record "
                                         "at offset " +
                                         std::to_string(offsets_a[1])));
  CHECK_THAT(reports[2], Catch::Contains(b + ": corrupted length"));
  // Without the option the first damaged record is an error.
  auto strict =
      TFRecordExamples({a, b, c}, Compression::kNone, Spec(), 4).MakeIterator();
  CHECK(strict->Next().status().code() == StatusCode::kDataLoss);
  for (const std::string& p : {a, b, c}) unlink(p.c_str());
}

}  // namespace
}  // namespace data
}  // namespace kiln
