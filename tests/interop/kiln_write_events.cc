// kiln_write_events: the Kiln side of interop.tensorboard_reads_events.
// Writes one events file into LOGDIR: scalar "loss" = 1 / (step + 1) for
// steps 0..9, histogram "weights" of 0, 1, ..., 99 at step 3, text "notes"
// = "trained in C++" at step 1, image "gradient" at step 2 (two 5x4 RGB
// images, pixel (i, r, c, k) = 10 * (i + r + c + k)), and a two-node
// GraphDef; prints its path.
//
//   kiln_write_events LOGDIR
#include <cstdio>

#include "runtime/io/summary_writer.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: kiln_write_events LOGDIR\n");
    return 2;
  }
  auto writer = kiln::SummaryWriter::Create(argv[1]);
  if (!writer.ok()) {
    std::fprintf(stderr, "%s\n", writer.status().ToString().c_str());
    return 1;
  }
  kiln::Status s;
  for (int step = 0; step < 10 && s.ok(); ++step) {
    s = (*writer)->Scalar("loss", 1.0 / (step + 1), step);
  }
  std::vector<double> values;
  for (int i = 0; i < 100; ++i) values.push_back(i);
  if (s.ok()) s = (*writer)->Histogram("weights", values, 3);
  if (s.ok()) s = (*writer)->Text("notes", "trained in C++", 1);
  auto images = kiln::Tensor::Allocate(
      tensorflow::DT_UINT8, kiln::TensorShape::Create({2, 5, 4, 3}).value());
  if (s.ok()) s = images.status();
  if (s.ok()) {
    uint8_t* p = images->data<uint8_t>();
    for (int i = 0; i < 2; ++i)
      for (int r = 0; r < 5; ++r)
        for (int c = 0; c < 4; ++c)
          for (int k = 0; k < 3; ++k) *p++ = 10 * (i + r + c + k);
    s = (*writer)->Image("gradient", *images, 2);
  }
  tensorflow::GraphDef graph;
  auto* x = graph.add_node();
  x->set_name("x");
  x->set_op("Placeholder");
  (*x->mutable_attr())["dtype"].set_type(tensorflow::DT_FLOAT);
  auto* y = graph.add_node();
  y->set_name("y");
  y->set_op("Relu");
  y->add_input("x");
  (*y->mutable_attr())["T"].set_type(tensorflow::DT_FLOAT);
  if (s.ok()) s = (*writer)->Graph(graph);
  if (s.ok()) s = (*writer)->Close();
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("%s\n", (*writer)->path().c_str());
  return 0;
}
