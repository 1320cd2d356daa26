// fashion_mlp_run: runs the Fashion-MNIST MLP graph (fashion_mlp_graph's
// output) compiled, on the Fashion-MNIST test images: initializes its
// variables with the "init" target, classifies the 10,000 images in batches
// and prints accuracy (the weights are untrained until Kiln can train:
// about chance) and the time per batch.
//
//   fashion_mlp_run out/fashion_mlp.pb /usr/share/datasets/fashion-mnist
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "frontend/session.h"
#include "runtime/io/idx.h"

namespace {

// IDX images [n, 784] scaled to [0, 1] and labels [n].
struct TestSet {
  std::vector<float> images;
  std::vector<int> labels;
};

kiln::StatusOr<TestSet> LoadTestSet(const std::string& dir) {
  KILN_ASSIGN_OR_RETURN(kiln::Tensor images,
                        kiln::ReadIdx(dir + "/t10k-images-idx3-ubyte.gz"));
  KILN_ASSIGN_OR_RETURN(kiln::Tensor labels,
                        kiln::ReadIdx(dir + "/t10k-labels-idx1-ubyte.gz"));
  const int64_t n = images.dims() == 3 ? images.dim_size(0) : -1;
  if (images.data<uint8_t>() == nullptr || labels.data<uint8_t>() == nullptr ||
      n != labels.NumElements() || images.NumElements() != n * 784)
    return kiln::DataLoss(dir + ": not uint8 [n,28,28] images and [n] labels");
  TestSet set;
  set.images.resize(n * 784);
  for (int64_t i = 0; i < n * 784; ++i)
    set.images[i] = images.data<uint8_t>()[i] / 255.0f;
  for (int64_t i = 0; i < n; ++i)
    set.labels.push_back(labels.data<uint8_t>()[i]);
  return set;
}

kiln::Status Run(const std::string& graph_path, const std::string& data_dir) {
  tensorflow::GraphDef graph;
  std::ifstream in(graph_path, std::ios::binary);
  if (!in || !graph.ParseFromIstream(&in))
    return kiln::InvalidArgument(graph_path + ": not a binary GraphDef");
  KILN_ASSIGN_OR_RETURN(TestSet test, LoadTestSet(data_dir));
  KILN_ASSIGN_OR_RETURN(std::unique_ptr<kiln::Session> session,
                        kiln::Session::Create(graph));
  std::vector<kiln::Tensor> out;
  KILN_RETURN_IF_ERROR(session->Run({}, {}, {"init"}, &out));
  const int64_t n = test.labels.size(), batch = 256;
  int64_t correct = 0;
  double seconds = 0;
  for (int64_t start = 0; start < n; start += batch) {
    int64_t rows = std::min(batch, n - start);
    KILN_ASSIGN_OR_RETURN(
        kiln::Tensor x,
        kiln::Tensor::FromVector<float>(
            std::vector<float>(test.images.begin() + start * 784,
                               test.images.begin() + (start + rows) * 784),
            kiln::TensorShape::Create({rows, 784}).value()));
    auto t0 = std::chrono::steady_clock::now();
    KILN_RETURN_IF_ERROR(session->Run({{"x", x}}, {"probs"}, {}, &out));
    seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
    auto probs = out[0].flat<float>();
    for (int64_t r = 0; r < rows; ++r) {
      const float* row = probs.data() + r * 10;
      int best = int(std::max_element(row, row + 10) - row);
      correct += best == test.labels[start + r];
    }
  }
  std::printf(
      "fashion_mlp_run: %lld test images, accuracy %.4f (untrained weights), "
      "%lld compilation(s), %.1f us per batch of %lld (first includes "
      "compiling)\n",
      static_cast<long long>(n), double(correct) / n,
      static_cast<long long>(session->num_compilations()),
      seconds * 1e6 / ((n + batch - 1) / batch), static_cast<long long>(batch));
  return kiln::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fashion_mlp_run GRAPH.pb FASHION_MNIST_DIR\n");
    return 2;
  }
  kiln::Status s = Run(argv[1], argv[2]);
  if (!s.ok()) {
    std::fprintf(stderr, "fashion_mlp_run: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
