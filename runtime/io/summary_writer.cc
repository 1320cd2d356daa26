// SummaryWriter: events framed as TFRecords, appended to one file.
#include "runtime/io/summary_writer.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "runtime/io/file_util.h"
#include "runtime/io/png.h"
#include "runtime/io/tfrecord.h"

namespace kiln {
namespace {

double Now() {
  return std::chrono::duration<double>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Hostname() {
  char host[256] = "localhost";
  gethostname(host, sizeof(host) - 1);
  return host;
}

tensorflow::HistogramProto Summarize(const std::vector<double>& values,
                                     int buckets) {
  tensorflow::HistogramProto h;
  if (values.empty()) return h;
  double lo = values[0], hi = values[0], sum = 0, squares = 0;
  for (double v : values) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
    squares += v * v;
  }
  h.set_min(lo);
  h.set_max(hi);
  h.set_num(static_cast<double>(values.size()));
  h.set_sum(sum);
  h.set_sum_squares(squares);
  buckets = std::max(1, buckets);
  const double width = hi > lo ? (hi - lo) / buckets : 1.0;
  std::vector<double> counts(buckets, 0);
  for (double v : values) {
    int b = static_cast<int>((v - lo) / width);
    counts[std::min(std::max(b, 0), buckets - 1)] += 1;
  }
  for (int b = 0; b < buckets; ++b) {
    h.add_bucket_limit(b + 1 == buckets ? hi : lo + width * (b + 1));
    h.add_bucket(counts[b]);
  }
  return h;
}

}  // namespace

SummaryWriter::SummaryWriter(std::string path, std::FILE* file,
                             double flush_seconds)
    : path_(std::move(path)), flush_seconds_(flush_seconds), file_(file) {
  flusher_ = std::thread([this] { FlushLoop(); });
}

void SummaryWriter::FlushLoop() {
  const auto period =
      std::chrono::duration<double>(flush_seconds_ > 0 ? flush_seconds_ : 1e9);
  std::unique_lock<std::mutex> lock(mu_);
  while (file_ != nullptr) {
    wake_.wait_for(lock, period);
    if (file_ != nullptr && dirty_) (void)FlushLocked();
  }
}

SummaryWriter::~SummaryWriter() { (void)Close(); }

StatusOr<std::unique_ptr<SummaryWriter>> SummaryWriter::Create(
    const std::string& logdir, double flush_seconds) {
  KILN_RETURN_IF_ERROR(RecursivelyCreateDir(logdir));
  static std::atomic<int> counter{0};
  char name[512];
  const double now = Now();
  std::snprintf(name, sizeof(name),
                "%s/events.out.tfevents.%010lld.%s.%d.%d.v2", logdir.c_str(),
                static_cast<long long>(now), Hostname().c_str(),
                static_cast<int>(getpid()), counter++);
  std::FILE* f = std::fopen(name, "wb");
  if (f == nullptr) {
    return Internal(std::string(name) +
                    ": cannot create: " + std::strerror(errno));
  }
  std::unique_ptr<SummaryWriter> w(new SummaryWriter(name, f, flush_seconds));
  tensorflow::Event version;
  version.set_wall_time(std::floor(now));
  version.set_file_version("brain.Event:2");
  KILN_RETURN_IF_ERROR(w->Write(version));
  KILN_RETURN_IF_ERROR(w->Flush());
  return w;
}

Status SummaryWriter::Write(tensorflow::Event event) {
  if (event.wall_time() == 0) event.set_wall_time(Now());
  const std::string record = FrameRecord(event.SerializeAsString());
  std::lock_guard<std::mutex> lock(mu_);
  if (file_ == nullptr) return FailedPrecondition(path_ + ": writer closed");
  if (std::fwrite(record.data(), 1, record.size(), file_) != record.size()) {
    return Internal(path_ + ": write failed: " + std::strerror(errno));
  }
  dirty_ = true;
  return OkStatus();
}

Status SummaryWriter::Scalar(const std::string& tag, double value,
                             int64_t step) {
  tensorflow::Event e;
  e.set_step(step);
  auto* v = e.mutable_summary()->add_value();
  v->set_tag(tag);
  v->set_simple_value(static_cast<float>(value));
  return Write(std::move(e));
}

Status SummaryWriter::Histogram(const std::string& tag,
                                const std::vector<double>& values, int64_t step,
                                int buckets) {
  tensorflow::Event e;
  e.set_step(step);
  auto* v = e.mutable_summary()->add_value();
  v->set_tag(tag);
  *v->mutable_histo() = Summarize(values, buckets);
  return Write(std::move(e));
}

namespace {

// `images` as uint8 [n, h, w, c] (at most max_outputs of them).
StatusOr<Tensor> ImageBatch(const Tensor& images, int max_outputs) {
  if ((images.dims() != 3 && images.dims() != 4) ||
      images.dim_size(images.dims() - 1) < 1 ||
      images.dim_size(images.dims() - 1) > 4) {
    return InvalidArgument(
        "image summary: need [h,w,c] or [n,h,w,c] with c "
        "in 1..4, got " +
        images.shape().ToString());
  }
  std::vector<int64_t> dims = images.shape().dim_sizes();
  if (dims.size() == 3) dims.insert(dims.begin(), 1);
  dims[0] = std::min<int64_t>(dims[0], std::max(0, max_outputs));
  KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create(dims));
  KILN_ASSIGN_OR_RETURN(Tensor out,
                        Tensor::Allocate(tensorflow::DT_UINT8, shape));
  const int64_t n = out.NumElements();
  uint8_t* dst = out.data<uint8_t>();
  if (images.dtype() == tensorflow::DT_UINT8) {
    std::copy_n(images.data<uint8_t>(), n, dst);
  } else if (images.dtype() == tensorflow::DT_FLOAT ||
             images.dtype() == tensorflow::DT_DOUBLE) {
    for (int64_t i = 0; i < n; ++i) {
      const double v = images.dtype() == tensorflow::DT_FLOAT
                           ? images.data<float>()[i]
                           : images.data<double>()[i];
      dst[i] = static_cast<uint8_t>(
          std::lround(std::min(1.0, std::max(0.0, v)) * 255));
    }
  } else {
    return InvalidArgument("image summary: need uint8, float or double, got " +
                           DataTypeName(images.dtype()));
  }
  return out;
}

}  // namespace

Status SummaryWriter::Image(const std::string& tag, const Tensor& images,
                            int64_t step, int max_outputs) {
  KILN_ASSIGN_OR_RETURN(Tensor batch, ImageBatch(images, max_outputs));
  tensorflow::Event e;
  e.set_step(step);
  auto* v = e.mutable_summary()->add_value();
  v->set_tag(tag);
  v->mutable_metadata()->mutable_plugin_data()->set_plugin_name("images");
  v->mutable_metadata()->set_data_class(tensorflow::DATA_CLASS_BLOB_SEQUENCE);
  tensorflow::TensorProto* t = v->mutable_tensor();
  t->set_dtype(tensorflow::DT_STRING);
  t->mutable_tensor_shape()->add_dim()->set_size(2 + batch.dim_size(0));
  t->add_string_val(std::to_string(batch.dim_size(2)));  // width
  t->add_string_val(std::to_string(batch.dim_size(1)));  // height
  for (int64_t i = 0; i < batch.dim_size(0); ++i) {
    KILN_ASSIGN_OR_RETURN(Tensor one, batch.Slice(i, i + 1));
    KILN_ASSIGN_OR_RETURN(
        one,
        one.Reshape(TensorShape::Create({batch.dim_size(1), batch.dim_size(2),
                                         batch.dim_size(3)})
                        .value()));
    KILN_ASSIGN_OR_RETURN(std::string png, EncodePng(one));
    t->add_string_val(std::move(png));
  }
  return Write(std::move(e));
}

Status SummaryWriter::Text(const std::string& tag, const std::string& text,
                           int64_t step) {
  tensorflow::Event e;
  e.set_step(step);
  auto* v = e.mutable_summary()->add_value();
  v->set_tag(tag);
  v->mutable_metadata()->mutable_plugin_data()->set_plugin_name("text");
  tensorflow::TensorProto* t = v->mutable_tensor();
  t->set_dtype(tensorflow::DT_STRING);
  t->mutable_tensor_shape();
  t->add_string_val(text);
  return Write(std::move(e));
}

Status SummaryWriter::Graph(const tensorflow::GraphDef& graph) {
  tensorflow::Event e;
  e.set_graph_def(graph.SerializeAsString());
  return Write(std::move(e));
}

Status SummaryWriter::Flush() {
  std::lock_guard<std::mutex> lock(mu_);
  return FlushLocked();
}

Status SummaryWriter::FlushLocked() {
  if (file_ == nullptr) return OkStatus();
  dirty_ = false;
  if (std::fflush(file_) != 0) {
    return Internal(path_ + ": flush failed: " + std::strerror(errno));
  }
  return OkStatus();
}

Status SummaryWriter::Close() {
  Status s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (file_ == nullptr) return OkStatus();
    s = FlushLocked();
    if (fsync(fileno(file_)) != 0 && s.ok()) {
      s = Internal(path_ + ": fsync failed");
    }
    if (std::fclose(file_) != 0 && s.ok()) {
      s = Internal(path_ + ": close failed");
    }
    file_ = nullptr;
  }
  wake_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  return s;
}

StatusOr<std::vector<tensorflow::Event>> ReadEvents(const std::string& path) {
  KILN_ASSIGN_OR_RETURN(auto reader, TFRecordReader::Open(path));
  std::vector<tensorflow::Event> events;
  std::string record;
  while (true) {
    const uint64_t offset = reader->offset();
    Status s = reader->Next(&record);
    if (s.code() == StatusCode::kOutOfRange) break;
    KILN_RETURN_IF_ERROR(s);
    tensorflow::Event e;
    if (!e.ParseFromString(record)) {
      return DataLoss(path + ": record at offset " + std::to_string(offset) +
                      " is not an Event");
    }
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace kiln
