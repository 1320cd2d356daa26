// SummaryWriter: the file's name and first record, each kind of value read
// back with ReadEvents, and flushing while open.
#include "runtime/io/summary_writer.h"

#include <dirent.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <random>

#include "runtime/io/file_util.h"
#include "runtime/io/png.h"

namespace kiln {
namespace {

TEST_CASE("event files read back with every kind of value", "[summary]") {
  const std::string dir =
      "/tmp/kiln_events_" + std::to_string(getpid()) + "/run/train";
  auto writer = SummaryWriter::Create(dir, /*flush_seconds=*/1000);
  REQUIRE(writer.ok());
  const std::string path = (*writer)->path();
  CHECK(path.rfind(dir + "/events.out.tfevents.", 0) == 0);
  CHECK(path.size() > 3);
  CHECK(path.substr(path.size() - 3) == ".v2");
  std::mt19937 rng(std::random_device{}());
  std::normal_distribution<double> n01;
  std::vector<double> values(1000);
  for (double& v : values) v = n01(rng);
  for (int step = 0; step < 5; ++step) {
    REQUIRE((*writer)->Scalar("loss", 1.0 / (step + 1), step).ok());
  }
  REQUIRE((*writer)->Histogram("weights", values, 3, 20).ok());
  REQUIRE((*writer)->Text("notes", "hello", 4).ok());
  tensorflow::GraphDef graph;
  graph.add_node()->set_name("x");
  REQUIRE((*writer)->Graph(graph).ok());
  // Flush makes what was written readable while the writer stays open.
  REQUIRE((*writer)->Flush().ok());
  StatusOr<std::vector<tensorflow::Event>> events = ReadEvents(path);
  REQUIRE(events.ok());
  REQUIRE(events->size() == 9);
  CHECK((*events)[0].file_version() == "brain.Event:2");
  CHECK((*events)[2].step() == 1);
  CHECK((*events)[2].summary().value(0).tag() == "loss");
  CHECK((*events)[2].summary().value(0).simple_value() == 0.5f);
  const auto& h = (*events)[6].summary().value(0).histo();
  CHECK(h.num() == 1000);
  double counted = 0;
  for (double c : h.bucket()) counted += c;
  CHECK(counted == 1000);
  CHECK(h.bucket_size() == 20);
  CHECK(h.bucket_limit(19) == h.max());
  CHECK((*events)[7].summary().value(0).tensor().string_val(0) == "hello");
  tensorflow::GraphDef back;
  REQUIRE(back.ParseFromString((*events)[8].graph_def()));
  CHECK(back.node(0).name() == "x");
  REQUIRE((*writer)->Close().ok());
  CHECK_FALSE((*writer)->Scalar("late", 1, 9).ok());
  unlink(path.c_str());
}

TEST_CASE("image summaries hold PNGs of the images", "[summary]") {
  const std::string dir =
      "/tmp/kiln_events_" + std::to_string(getpid()) + "/img";
  auto writer = SummaryWriter::Create(dir, 1000);
  REQUIRE(writer.ok());
  std::mt19937 rng(std::random_device{}());
  const int64_t n = 4, h = 1 + rng() % 9, w = 1 + rng() % 9, c = 1 + rng() % 4;
  Tensor floats = Tensor::Allocate(tensorflow::DT_FLOAT,
                                   TensorShape::Create({n, h, w, c}).value())
                      .value();
  for (float& v : floats.flat<float>()) {
    v = std::uniform_real_distribution<float>(-0.2f, 1.2f)(rng);
  }
  REQUIRE((*writer)->Image("samples", floats, 7, /*max_outputs=*/3).ok());
  REQUIRE((*writer)->Close().ok());
  auto events = ReadEvents((*writer)->path());
  REQUIRE(events.ok());
  REQUIRE(events->size() == 2);
  const auto& value = (*events)[1].summary().value(0);
  CHECK(value.tag() == "samples");
  CHECK(value.metadata().plugin_data().plugin_name() == "images");
  const auto& strings = value.tensor().string_val();
  REQUIRE(strings.size() == 2 + 3);
  CHECK(strings[0] == std::to_string(w));
  CHECK(strings[1] == std::to_string(h));
  for (int i = 0; i < 3; ++i) {
    auto image = DecodePng(strings[2 + i], "summary");
    REQUIRE(image.ok());
    REQUIRE(image->shape().ToString() ==
            TensorShape::Create({h, w, c}).value().ToString());
    for (int64_t k = 0; k < h * w * c; ++k) {
      const float f = floats.flat<float>()[i * h * w * c + k];
      const long want = std::lround(std::min(1.f, std::max(0.f, f)) * 255);
      CHECK(image->flat<uint8_t>()[k] == want);
    }
  }
  Tensor bad = Tensor::Zeros(tensorflow::DT_INT32,
                             TensorShape::Create({2, 2, 3}).value())
                   .value();
  CHECK_FALSE((*writer)->Image("bad", bad, 0).ok());
  unlink((*writer)->path().c_str());
}

TEST_CASE("the writer flushes on its timer with nothing more written",
          "[summary]") {
  const std::string dir =
      "/tmp/kiln_events_" + std::to_string(getpid()) + "/timer";
  auto writer = SummaryWriter::Create(dir, /*flush_seconds=*/0.05);
  REQUIRE(writer.ok());
  REQUIRE((*writer)->Scalar("loss", 0.25, 1).ok());
  // No Flush call: the background thread makes it readable.
  size_t seen = 0;
  for (int i = 0; i < 200 && seen < 2; ++i) {
    usleep(10000);
    auto events = ReadEvents((*writer)->path());
    if (events.ok()) seen = events->size();
  }
  CHECK(seen == 2);
  REQUIRE((*writer)->Close().ok());
  unlink((*writer)->path().c_str());
}

}  // namespace
}  // namespace kiln
