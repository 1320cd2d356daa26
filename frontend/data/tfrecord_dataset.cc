#include "frontend/data/tfrecord_dataset.h"

#include <cstdio>
#include <memory>

namespace kiln {
namespace data {
namespace {

class TFRecordExamplesIterator : public Iterator {
 public:
  TFRecordExamplesIterator(std::vector<std::string> files, Compression c,
                           ExampleSpec spec, int64_t batch,
                           TFRecordOptions options)
      : files_(std::move(files)),
        compression_(c),
        spec_(std::move(spec)),
        batch_(std::max<int64_t>(1, batch)),
        options_(std::move(options)) {}

  StatusOr<std::optional<Element>> Next() override {
    std::vector<std::string> records;
    std::string record;
    while (static_cast<int64_t>(records.size()) < batch_) {
      if (!reader_) {
        if (file_ >= files_.size()) break;
        KILN_ASSIGN_OR_RETURN(
            reader_, TFRecordReader::Open(files_[file_], compression_));
      }
      Status s = reader_->Next(&record);
      if (s.code() == StatusCode::kOutOfRange) {
        reader_.reset();
        ++file_;
        continue;
      }
      if (!s.ok()) {
        if (options_.damaged != DamagedRecords::kSkip ||
            s.code() != StatusCode::kDataLoss) {
          return s;
        }
        Skipped(s);
        if (!reader_->can_skip_damaged()) {  // framing lost: next file
          reader_.reset();
          ++file_;
        }
        continue;
      }
      records.push_back(record);
    }
    if (records.empty()) return std::optional<Element>();
    StatusOr<ParsedExamples> parsed = ParseExamples(records, spec_);
    if (!parsed.ok()) {
      return Status(parsed.status().code(),
                    files_[std::min(file_, files_.size() - 1)] + ": " +
                        parsed.status().message());
    }
    Element e;
    for (const FixedLenFeature& f : spec_.fixed) {
      auto it = parsed->dense.find(f.name);
      if (it != parsed->dense.end()) e.push_back(it->second);
    }
    return std::optional<Element>(std::move(e));
  }

 private:
  void Skipped(const Status& s) const {
    if (options_.on_skip) {
      options_.on_skip(s);
    } else {
      std::fprintf(stderr, "kiln: skipped a damaged record: %s\n",
                   s.ToString().c_str());
    }
  }

  std::vector<std::string> files_;
  Compression compression_;
  ExampleSpec spec_;
  int64_t batch_;
  TFRecordOptions options_;
  size_t file_ = 0;
  std::unique_ptr<TFRecordReader> reader_;
};

}  // namespace

Dataset TFRecordExamples(std::vector<std::string> files,
                         Compression compression, ExampleSpec spec,
                         int64_t batch_size, TFRecordOptions options) {
  std::vector<std::string> names;
  for (const FixedLenFeature& f : spec.fixed) {
    if (f.dtype != tensorflow::DT_STRING) names.push_back(f.name);
  }
  return Dataset(
      [=](int64_t) {
        return std::make_unique<TFRecordExamplesIterator>(
            files, compression, spec, batch_size, options);
      },
      names);
}

}  // namespace data
}  // namespace kiln
