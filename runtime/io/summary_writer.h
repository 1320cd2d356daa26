// SummaryWriter: TensorBoard event files, as TensorFlow 2 writes them:
// <logdir>/events.out.tfevents.<seconds>.<host>.<pid>.<n>.v2, a TFRecord
// stream of tensorflow.Event whose first record holds the file version
// "brain.Event:2". Scalars (simple_value), histograms (HistogramProto),
// text (a string tensor for the text plugin) and the GraphDef (the Graphs
// tab). Records are appended to the file as written, so TensorBoard can
// read it during training; the writer flushes every `flush_seconds` and on
// Flush, Close and destruction.
//
//   KILN_ASSIGN_OR_RETURN(auto w, SummaryWriter::Create("logs/train"));
//   KILN_RETURN_IF_ERROR(w->Scalar("loss", 0.42, step));
#ifndef KILN_RUNTIME_IO_SUMMARY_WRITER_H_
#define KILN_RUNTIME_IO_SUMMARY_WRITER_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "proto/tensorflow/event.pb.h"
#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"

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
  Status Text(const std::string& tag, const std::string& text, int64_t step);
  Status Graph(const tensorflow::GraphDef& graph);
  // Any Event (its wall_time is set when 0).
  Status Write(tensorflow::Event event);
  Status Flush();
  Status Close();

  const std::string& path() const { return path_; }

 private:
  SummaryWriter(std::string path, std::FILE* file, double flush_seconds);
  std::string path_;
  std::FILE* file_;
  double flush_seconds_;
  std::chrono::steady_clock::time_point last_flush_;
};

// The events of an event file, in order (for tests and tools); errors name
// the file and the record's offset.
StatusOr<std::vector<tensorflow::Event>> ReadEvents(const std::string& path);

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_SUMMARY_WRITER_H_
