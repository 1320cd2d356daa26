// Sorted string tables: random key sets round-trip through many blocks and
// restart points, the layout matches the bytes TensorFlow wrote for a known
// checkpoint index, and damaged tables fail with their offsets.
#include <catch2/catch.hpp>
#include <map>
#include <random>

#include "runtime/io/internal/coding.h"
#include "runtime/io/table_format.h"
#include "runtime/io/table_reader.h"
#include "runtime/io/table_writer.h"

namespace kiln {
namespace table {
namespace {

std::map<std::string, std::string> RandomEntries(std::mt19937& rng, int n) {
  std::map<std::string, std::string> entries;
  const std::vector<std::string> stems = {"dense/kernel", "dense/bias",
                                          "dense_1/kernel", "optimizer/m"};
  while (static_cast<int>(entries.size()) < n) {
    std::string key =
        stems[rng() % stems.size()] + std::to_string(rng() % 1000);
    std::string value(rng() % 200, '\0');
    for (char& c : value) c = static_cast<char>(rng());
    entries[key] = value;
  }
  entries[""] = "header";
  return entries;
}

std::string Write(const std::map<std::string, std::string>& entries,
                  size_t block_size, int interval) {
  TableWriter writer(block_size, interval);
  for (const auto& [k, v] : entries) REQUIRE(writer.Add(k, v).ok());
  return writer.Finish();
}

TEST_CASE("tables round-trip across blocks and restart intervals", "[table]") {
  std::mt19937 rng(std::random_device{}());
  for (size_t block_size : {64, 1024, 256 * 1024}) {
    for (int interval : {1, 3, 16}) {
      INFO("block " << block_size << " interval " << interval);
      const auto entries = RandomEntries(rng, 1 + rng() % 300);
      const std::string bytes = Write(entries, block_size, interval);
      auto read = ReadTable(bytes, "t.index");
      REQUIRE(read.ok());
      REQUIRE(read->size() == entries.size());
      auto it = entries.begin();
      for (const Entry& e : *read) {
        CHECK(e.key == it->first);
        CHECK(e.value == it->second);
        ++it;
      }
    }
  }
}

TEST_CASE("keys must increase", "[table]") {
  TableWriter writer;
  REQUIRE(writer.Add("b", "1").ok());
  CHECK(writer.Add("a", "2").code() == StatusCode::kInvalidArgument);
  CHECK(writer.Add("b", "2").code() == StatusCode::kInvalidArgument);
}

TEST_CASE("the layout is TensorFlow's", "[table]") {
  // One key in one block: entry, restart array [0], count 1, trailer; the
  // empty metaindex block; the index block naming the data block; footer.
  TableWriter writer;
  REQUIRE(writer.Add("k", "v").ok());
  const std::string bytes = writer.Finish();
  const std::string data_block("\x00\x01\x01kv\x00\x00\x00\x00\x01\x00\x00\x00",
                               13);
  REQUIRE(bytes.substr(0, 13) == data_block);
  CHECK(bytes.substr(13, 5) == BlockTrailer(data_block));
  CHECK(bytes.size() == 18 + 8 + 5 + (3 + 1 + 2 + 4 + 4) + 5 + kFooterSize);
  CHECK(coding::DecodeFixed64(bytes.data() + bytes.size() - 8) ==
        0xdb4775248b80fb57ull);
  // The crc of a known block, checked against TensorFlow's own index file
  // for a checkpoint of {w: float[2,3]} (bytes copied from TF 2.21's output).
  const std::string tf_block("\x00\x00\x00\x00\x01\x00\x00\x00", 8);
  CHECK(BlockTrailer(tf_block) == std::string("\x00\xc0\xf2\xa1\xb0", 5));
}

TEST_CASE("damaged tables are errors naming the offset", "[table]") {
  std::mt19937 rng(std::random_device{}());
  const auto entries = RandomEntries(rng, 50);
  const std::string good = Write(entries, 256, 16);
  SECTION("truncated") {
    for (size_t cut : {size_t{0}, size_t{10}, good.size() - 1}) {
      auto r = ReadTable(good.substr(0, cut), "t.index");
      REQUIRE_FALSE(r.ok());
      CHECK(r.status().code() == StatusCode::kDataLoss);
      CHECK_THAT(r.status().message(), Catch::Contains("t.index"));
    }
  }
  SECTION("a flipped bit in any block") {
    for (int trial = 0; trial < 50; ++trial) {
      std::string bad = good;
      const size_t at = rng() % (good.size() - kFooterSize);
      bad[at] = static_cast<char>(bad[at] ^ (1 << (rng() % 8)));
      auto r = ReadTable(bad, "t.index");
      REQUIRE_FALSE(r.ok());
      CHECK(r.status().code() == StatusCode::kDataLoss);
      CHECK_THAT(r.status().message(), Catch::Contains("byte offset"));
    }
  }
  SECTION("bad magic") {
    std::string bad = good;
    bad[bad.size() - 1] ^= 1;
    auto r = ReadTable(bad, "t.index");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.status().message(), Catch::Contains("magic"));
  }
}

}  // namespace
}  // namespace table
}  // namespace kiln
