// TFRecord files: round trips of random records in every compression, the
// framing checked byte by byte, and truncated or corrupted files reported
// with their offsets.
#include "runtime/io/tfrecord.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <random>

#include "runtime/io/crc32c.h"
#include "runtime/io/file_util.h"

namespace kiln {
namespace {

std::string TempPath(const std::string& name) {
  return "/tmp/kiln_tfrecord_" + std::to_string(getpid()) + "_" + name;
}

std::vector<std::string> RandomRecords(std::mt19937& rng) {
  std::vector<std::string> records(1 + rng() % 20);
  for (std::string& r : records) {
    r.resize(rng() % 300);
    for (char& c : r) c = static_cast<char>(rng());
  }
  records.push_back("");  // an empty record is a record
  return records;
}

void WriteAll(const std::string& path, const std::vector<std::string>& records,
              Compression c) {
  auto writer = TFRecordWriter::Open(path, c);
  REQUIRE(writer.ok());
  for (const std::string& r : records) REQUIRE((*writer)->Write(r).ok());
  REQUIRE((*writer)->Close().ok());
}

TEST_CASE("records round-trip in every compression", "[tfrecord]") {
  std::mt19937 rng(std::random_device{}());
  const std::vector<std::string> records = RandomRecords(rng);
  for (const char* name : {"", "ZLIB", "GZIP"}) {
    INFO("compression '" << name << "'");
    const Compression c = ParseCompression(name).value();
    const std::string path = TempPath("roundtrip");
    WriteAll(path, records, c);
    auto reader = TFRecordReader::Open(path, c);
    REQUIRE(reader.ok());
    std::string r;
    for (const std::string& want : records) {
      REQUIRE((*reader)->Next(&r).ok());
      CHECK(r == want);
    }
    CHECK((*reader)->Next(&r).code() == StatusCode::kOutOfRange);
    unlink(path.c_str());
  }
  CHECK_FALSE(ParseCompression("SNAPPY").ok());
}

TEST_CASE("the framing is TensorFlow's", "[tfrecord]") {
  const std::string path = TempPath("frame");
  WriteAll(path, {"foo"}, Compression::kNone);
  const std::string bytes = ReadFileToString(path).value();
  REQUIRE(bytes.size() == 8 + 4 + 3 + 4);
  CHECK(bytes.substr(0, 8) == std::string("\x03\0\0\0\0\0\0\0", 8));
  CHECK(bytes.substr(8, 4) ==
        std::string("\xb0\x99\x49\x0e", 4));  // 0x0e4999b0
  CHECK(bytes.substr(12, 3) == "foo");
  CHECK(bytes.substr(15, 4) ==
        std::string("\x61\x8a\xbe\xfe", 4));  // 0xfebe8a61
  unlink(path.c_str());
}

TEST_CASE("damaged files are errors naming the offset", "[tfrecord]") {
  const std::string path = TempPath("damaged");
  WriteAll(path, {"first", "second record"}, Compression::kNone);
  const std::string good = ReadFileToString(path).value();
  const uint64_t second = 16 + 5;
  struct Damage {
    std::string bytes, message;
  };
  std::string flipped = good;
  flipped[second + 12 + 2] ^= 1;  // a data byte of the second record
  std::string bad_length = good;
  bad_length[second + 1] ^= 1;
  for (const Damage& d :
       {Damage{good.substr(0, good.size() - 2),
               "truncated footer of the record at offset 21"},
        Damage{good.substr(0, second + 5),
               "truncated header of the record at offset 21"},
        Damage{good.substr(0, second + 20),
               "truncated data of the record at offset 21"},
        Damage{flipped, "corrupted data of the record at offset 21"},
        Damage{bad_length, "corrupted length of the record at offset 21"}}) {
    INFO(d.message);
    REQUIRE(WriteFileAtomically(path, d.bytes).ok());
    auto reader = TFRecordReader::Open(path);
    REQUIRE(reader.ok());
    std::string r;
    REQUIRE((*reader)->Next(&r).ok());
    CHECK(r == "first");
    Status s = (*reader)->Next(&r);
    CHECK(s.code() == StatusCode::kDataLoss);
    CHECK_THAT(s.message(), Catch::Contains(path + ": " + d.message));
  }
  // A compressed file cut short.
  WriteAll(path, {std::string(5000, 'x')}, Compression::kGzip);
  const std::string gz = ReadFileToString(path).value();
  REQUIRE(WriteFileAtomically(path, gz.substr(0, gz.size() / 2)).ok());
  auto reader = TFRecordReader::Open(path, Compression::kGzip);
  REQUIRE(reader.ok());
  std::string r;
  CHECK((*reader)->Next(&r).code() == StatusCode::kDataLoss);
  unlink(path.c_str());
}

TEST_CASE("a writer that is not closed leaves no file", "[tfrecord]") {
  const std::string path = TempPath("abandoned");
  {
    auto writer = TFRecordWriter::Open(path);
    REQUIRE(writer.ok());
    REQUIRE((*writer)->Write("partial").ok());
  }
  CHECK(access(path.c_str(), F_OK) != 0);
  CHECK(TFRecordReader::Open(path).status().code() == StatusCode::kNotFound);
}

}  // namespace
}  // namespace kiln
