// TensorFlow V2 checkpoints: random tensors of every dtype round-trip, a
// checkpoint TensorFlow wrote reads (numbers, strings, the object graph),
// and truncated, corrupted or mismatched files fail naming file and key.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <random>

#include "runtime/io/checkpoint_reader.h"
#include "runtime/io/checkpoint_state.h"
#include "runtime/io/checkpoint_writer.h"
#include "runtime/io/file_util.h"

namespace kiln {
namespace {

std::string TempPrefix(const std::string& name) {
  return "/tmp/kiln_ckpt_" + std::to_string(getpid()) + "_" + name;
}

void Remove(const std::string& prefix) {
  unlink(CheckpointIndexFile(prefix).c_str());
  unlink(CheckpointDataFile(prefix, 0, 1).c_str());
}

Tensor RandomTensor(std::mt19937& rng, DataType dtype) {
  std::vector<int64_t> dims(rng() % 4);
  for (int64_t& d : dims) d = rng() % 5;
  Tensor t = Tensor::Allocate(dtype, TensorShape::Create(dims).value()).value();
  auto* bytes = static_cast<unsigned char*>(t.raw_data());
  for (size_t i = 0; i < t.bytes(); ++i)
    bytes[i] = static_cast<unsigned char>(rng());
  if (dtype == tensorflow::DT_BOOL) {
    for (size_t i = 0; i < t.bytes(); ++i) bytes[i] &= 1;
  }
  return t;
}

bool SameBytes(const Tensor& a, const Tensor& b) {
  return a.dtype() == b.dtype() && a.shape() == b.shape() &&
         (a.bytes() == 0 ||
          std::memcmp(a.raw_data(), b.raw_data(), a.bytes()) == 0);
}

std::vector<std::pair<std::string, Tensor>> RandomTensors(std::mt19937& rng) {
  const DataType dtypes[] = {
      tensorflow::DT_FLOAT, tensorflow::DT_DOUBLE, tensorflow::DT_INT32,
      tensorflow::DT_INT64, tensorflow::DT_HALF,   tensorflow::DT_BFLOAT16,
      tensorflow::DT_BOOL,  tensorflow::DT_UINT8,  tensorflow::DT_INT8,
      tensorflow::DT_INT16, tensorflow::DT_UINT16, tensorflow::DT_UINT32,
      tensorflow::DT_UINT64};
  std::vector<std::pair<std::string, Tensor>> tensors;
  int i = 0;
  for (DataType dtype : dtypes) {
    tensors.emplace_back(
        "layer" + std::to_string(rng() % 3) + "/v" + std::to_string(i++),
        RandomTensor(rng, dtype));
  }
  return tensors;
}

TEST_CASE("checkpoints round-trip tensors of every dtype", "[checkpoint]") {
  std::mt19937 rng(std::random_device{}());
  const std::string prefix = TempPrefix("roundtrip");
  const auto tensors = RandomTensors(rng);
  REQUIRE(WriteCheckpoint(prefix, tensors).ok());
  auto reader = CheckpointReader::Open(prefix);
  REQUIRE(reader.ok());
  CHECK(reader->keys().size() == tensors.size());
  for (const auto& [name, want] : tensors) {
    INFO(name << " " << DataTypeName(want.dtype()));
    auto got = reader->ReadTensor(name);
    REQUIRE(got.ok());
    CHECK(SameBytes(*got, want));
  }
  CHECK(reader->ReadTensor("nope").status().code() == StatusCode::kNotFound);
  Remove(prefix);
}

TEST_CASE("bad arguments to WriteCheckpoint", "[checkpoint]") {
  const std::string prefix = TempPrefix("bad_args");
  Tensor t = Tensor::Scalar<float>(1).value();
  CHECK(WriteCheckpoint(prefix, {{"a", t}, {"a", t}}).code() ==
        StatusCode::kInvalidArgument);
  CHECK(WriteCheckpoint(prefix, {{"", t}}).code() ==
        StatusCode::kInvalidArgument);
  CHECK(WriteCheckpoint(prefix, {{"a", Tensor()}}).code() ==
        StatusCode::kInvalidArgument);
  CHECK(access(CheckpointIndexFile(prefix).c_str(), F_OK) != 0);
}

TEST_CASE("a checkpoint TensorFlow wrote reads", "[checkpoint]") {
  const char* src = std::getenv("KILN_SOURCE_DIR");
  REQUIRE(src != nullptr);
  auto reader = CheckpointReader::Open(std::string(src) +
                                       "/tests/io/testdata/tf_object_ckpt");
  REQUIRE(reader.ok());
  CHECK(reader->keys() ==
        std::vector<std::string>{"_CHECKPOINTABLE_OBJECT_GRAPH",
                                 "s/.ATTRIBUTES/VARIABLE_VALUE",
                                 "w/.ATTRIBUTES/VARIABLE_VALUE"});
  auto w = reader->ReadTensor("w/.ATTRIBUTES/VARIABLE_VALUE");
  REQUIRE(w.ok());
  CHECK(w->shape().ToString() == "[2,3]");
  for (int i = 0; i < 6; ++i) CHECK(w->flat<float>()[i] == i);
  auto s = reader->ReadStrings("s/.ATTRIBUTES/VARIABLE_VALUE");
  REQUIRE(s.ok());
  CHECK(*s == std::vector<std::string>{"ab", "cde"});
  auto graph = reader->ReadStrings("_CHECKPOINTABLE_OBJECT_GRAPH");
  REQUIRE(graph.ok());
  REQUIRE(graph->size() == 1);
  CHECK_THAT((*graph)[0], Catch::Contains("VARIABLE_VALUE"));
  CHECK(reader->ReadTensor("s/.ATTRIBUTES/VARIABLE_VALUE").status().code() ==
        StatusCode::kInvalidArgument);
}

TEST_CASE("damaged checkpoints fail naming file, key and offset",
          "[checkpoint]") {
  std::mt19937 rng(std::random_device{}());
  const std::string prefix = TempPrefix("damaged");
  const Tensor big =
      Tensor::Zeros(tensorflow::DT_FLOAT, TensorShape::Create({64}).value())
          .value();
  REQUIRE(
      WriteCheckpoint(
          prefix, {{"a", RandomTensor(rng, tensorflow::DT_INT32)}, {"b", big}})
          .ok());
  const std::string data_file = CheckpointDataFile(prefix, 0, 1);
  const std::string data = ReadFileToString(data_file).value();
  SECTION("a flipped byte in the data fails the tensor's CRC") {
    std::string bad = data;
    bad[bad.size() - 1 - rng() % 64] ^= 0x10;
    REQUIRE(WriteFileAtomically(data_file, bad).ok());
    auto reader = CheckpointReader::Open(prefix);
    REQUIRE(reader.ok());
    auto r = reader->ReadTensor("b");
    CHECK(r.status().code() == StatusCode::kDataLoss);
    CHECK_THAT(r.status().message(), Catch::Contains("\"b\""));
    CHECK_THAT(r.status().message(), Catch::Contains(data_file));
  }
  SECTION("a truncated data file fails at Open") {
    REQUIRE(
        WriteFileAtomically(data_file, data.substr(0, data.size() - 3)).ok());
    auto reader = CheckpointReader::Open(prefix);
    REQUIRE_FALSE(reader.ok());
    CHECK(reader.status().code() == StatusCode::kDataLoss);
    CHECK_THAT(reader.status().message(), Catch::Contains("truncated"));
  }
  SECTION("a missing data file fails at Open") {
    unlink(data_file.c_str());
    auto reader = CheckpointReader::Open(prefix);
    CHECK(reader.status().code() == StatusCode::kNotFound);
  }
  SECTION("a truncated index fails at Open") {
    const std::string index_file = CheckpointIndexFile(prefix);
    const std::string index = ReadFileToString(index_file).value();
    REQUIRE(WriteFileAtomically(index_file, index.substr(0, index.size() / 2))
                .ok());
    auto reader = CheckpointReader::Open(prefix);
    CHECK(reader.status().code() == StatusCode::kDataLoss);
    CHECK_THAT(reader.status().message(), Catch::Contains(index_file));
  }
  Remove(prefix);
}

TEST_CASE("the checkpoint state file is TensorFlow's text format",
          "[checkpoint]") {
  const std::string dir = TempPrefix("state_dir");
  REQUIRE(RecursivelyCreateDir(dir).ok());
  CHECK(LatestCheckpoint(dir).status().code() == StatusCode::kNotFound);
  tensorflow::CheckpointState state;
  state.set_model_checkpoint_path("ckpt-2");
  state.add_all_model_checkpoint_paths("ckpt-1");
  state.add_all_model_checkpoint_paths("ckpt-2");
  REQUIRE(WriteCheckpointState(dir, state).ok());
  const std::string text = ReadFileToString(dir + "/checkpoint").value();
  CHECK_THAT(text, Catch::Contains("model_checkpoint_path: \"ckpt-2\""));
  CHECK(LatestCheckpoint(dir).value() == dir + "/ckpt-2");
  REQUIRE(WriteFileAtomically(dir + "/checkpoint", "model_checkpoint_path: 3 {")
              .ok());
  CHECK(LatestCheckpoint(dir).status().code() == StatusCode::kDataLoss);
  unlink((dir + "/checkpoint").c_str());
  rmdir(dir.c_str());
}

}  // namespace
}  // namespace kiln
