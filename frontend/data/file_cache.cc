// Cache(filename): the first complete pass written to a TFRecord file of
// kiln.CachedElement, replayed from it afterwards (also by later runs).
#include <unistd.h>

#include "frontend/data/dataset.h"
#include "frontend/data/element_util.h"
#include "proto/kiln/dataset_cache.pb.h"
#include "runtime/io/tfrecord.h"

namespace kiln {
namespace data {
namespace {

class FileCacheWriter : public Iterator {
 public:
  FileCacheWriter(std::unique_ptr<Iterator> in, std::string filename)
      : in_(std::move(in)), filename_(std::move(filename)) {}
  StatusOr<std::optional<Element>> Next() override {
    if (!writer_) {
      KILN_ASSIGN_OR_RETURN(writer_, TFRecordWriter::Open(filename_));
    }
    KILN_ASSIGN_OR_RETURN(std::optional<Element> e, in_->Next());
    if (!e) {
      if (!closed_) KILN_RETURN_IF_ERROR(writer_->Close());
      closed_ = true;
      return e;
    }
    kiln::CachedElement cached;
    for (const Tensor& t : *e) {
      KILN_RETURN_IF_ERROR(t.ToProto(cached.add_components()));
    }
    KILN_RETURN_IF_ERROR(writer_->Write(cached.SerializeAsString()));
    return e;
  }

 private:
  std::unique_ptr<Iterator> in_;
  std::string filename_;
  std::unique_ptr<TFRecordWriter> writer_;  // an unfinished pass is dropped
  bool closed_ = false;
};

class FileCacheReader : public Iterator {
 public:
  explicit FileCacheReader(std::string filename)
      : filename_(std::move(filename)) {}
  StatusOr<std::optional<Element>> Next() override {
    if (!reader_) {
      KILN_ASSIGN_OR_RETURN(reader_, TFRecordReader::Open(filename_));
    }
    const uint64_t offset = reader_->offset();
    std::string record;
    Status s = reader_->Next(&record);
    if (s.code() == StatusCode::kOutOfRange) return std::optional<Element>();
    KILN_RETURN_IF_ERROR(s);
    kiln::CachedElement cached;
    if (!cached.ParseFromString(record)) {
      return DataLoss(filename_ + ": cache record at offset " +
                      std::to_string(offset) + " is not a cached element");
    }
    Element e;
    for (const tensorflow::TensorProto& proto : cached.components()) {
      StatusOr<Tensor> t = Tensor::FromProto(proto);
      if (!t.ok()) {
        return DataLoss(filename_ + ": cache record at offset " +
                        std::to_string(offset) + ": " + t.status().message());
      }
      e.push_back(*std::move(t));
    }
    return std::optional<Element>(std::move(e));
  }

 private:
  std::string filename_;
  std::unique_ptr<TFRecordReader> reader_;
};

}  // namespace

Dataset Dataset::Cache(const std::string& filename) const {
  Factory up = factory_;
  return Derived([=](int64_t epoch) -> std::unique_ptr<Iterator> {
    if (::access(filename.c_str(), F_OK) == 0) {
      return std::make_unique<FileCacheReader>(filename);
    }
    return std::make_unique<FileCacheWriter>(up(epoch), filename);
  });
}

}  // namespace data
}  // namespace kiln
