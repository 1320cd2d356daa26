// SummaryWriter: TensorBoard event files, as TensorFlow 2 writes them:
// <logdir>/events.out.tfevents.<seconds>.<host>.<pid>.<n>.v2, a TFRecord
// stream of tensorflow.Event whose first record holds the file version
// "brain.Event:2". Scalars (simple_value), histograms (HistogramProto),
// images (PNG, the images plugin), text (a string tensor for the text
// plugin) and the GraphDef (the Graphs tab). Records are appended to the
// file as written, so TensorBoard can read it during training; a
// background thread flushes what was written every `flush_seconds` (as
// TensorFlow's writer does, even when nothing more comes), and Flush, Close
// and destruction flush too. Writes are thread-safe.
//
//   KILN_ASSIGN_OR_RETURN(auto w, SummaryWriter::Create("logs/train"));
//   KILN_RETURN_IF_ERROR(w->Scalar("loss", 0.42, step));
#ifndef KILN_RUNTIME_IO_SUMMARY_WRITER_H_
#define KILN_RUNTIME_IO_SUMMARY_WRITER_H_

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "proto/tensorflow/event.pb.h"
#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

class SummaryWriter {
 public:
  // Makes `logdir` (and its parents) when missing.
  static StatusOr<std::unique_ptr<SummaryWriter>> Create(
      const std::string& logdir, double flush_seconds = 2.0);
  ~SummaryWriter();

  Status Scalar(const std::string& tag, double value, int64_t step);
  // `values` summarized into `buckets` equal-width buckets over their range.
  Status Histogram(const std::string& tag, const std::vector<double>& values,
                   int64_t step, int buckets = 30);
  // As TensorFlow 2's tf.summary.image: a string tensor [width, height,
  // png...] for the images plugin. `images` is [h, w, c] or [n, h, w, c]
  // with c in 1..4, uint8, or float/double in [0, 1] (clipped, scaled to
  // 0..255); at most max_outputs images of a batch are kept.
  Status Image(const std::string& tag, const Tensor& images, int64_t step,
               int max_outputs = 3);
  Status Text(const std::string& tag, const std::string& text, int64_t step);
  Status Graph(const tensorflow::GraphDef& graph);
  // Any Event (its wall_time is set when 0).
  Status Write(tensorflow::Event event);
  Status Flush();
  Status Close();

  const std::string& path() const { return path_; }

 private:
  SummaryWriter(std::string path, std::FILE* file, double flush_seconds);
  void FlushLoop();
  Status FlushLocked();

  std::string path_;
  double flush_seconds_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::FILE* file_;     // guarded by mu_; null once closed
  bool dirty_ = false;  // written since the last flush
  std::thread flusher_;
};

// The events of an event file, in order (for tests and tools); errors name
// the file and the record's offset.
StatusOr<std::vector<tensorflow::Event>> ReadEvents(const std::string& path);

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_SUMMARY_WRITER_H_
