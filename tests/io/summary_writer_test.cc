// SummaryWriter: the file's name and first record, each kind of value read
// back with ReadEvents, and flushing while open.
#include "runtime/io/summary_writer.h"

#include <dirent.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <random>

#include "runtime/io/file_util.h"

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

}  // namespace
}  // namespace kiln
