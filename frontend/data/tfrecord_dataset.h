// Datasets over TFRecord files of tf.train.Example, the equivalent of
// tf.data.TFRecordDataset(files).batch(n).map(parse_example): each element
// is one batch of up to `batch_size` records parsed with `spec`, one
// component per fixed-length numeric feature in spec order, named as the
// feature.
//
//   ExampleSpec spec;
//   spec.fixed = {{"image", DT_FLOAT, {28, 28}}, {"label", DT_INT64, {}}};
//   Dataset ds = TFRecordExamples({"train-0.tfrecord"}, Compression::kGzip,
//                                 spec, 32).Prefetch(2);
//
// A damaged record is an error naming its file and offset; a record that
// does not parse names the file and the example. With
// DamagedRecords::kSkip (tf.data's ignore_errors for this source) a record
// whose data fails its CRC is skipped and reading goes on; damage that
// loses the framing (a bad length, truncation) ends that file; each skip
// is reported to `on_skip` (default: a line on stderr), never silent.
#ifndef KILN_FRONTEND_DATA_TFRECORD_DATASET_H_
#define KILN_FRONTEND_DATA_TFRECORD_DATASET_H_

#include <functional>
#include <string>
#include <vector>

#include "frontend/data/dataset.h"
#include "runtime/io/example_parsing.h"
#include "runtime/io/tfrecord.h"

namespace kiln {
namespace data {

enum class DamagedRecords { kFail, kSkip };

struct TFRecordOptions {
  DamagedRecords damaged = DamagedRecords::kFail;
  std::function<void(const Status&)> on_skip;
};

Dataset TFRecordExamples(std::vector<std::string> files,
                         Compression compression, ExampleSpec spec,
                         int64_t batch_size, TFRecordOptions options = {});

}  // namespace data
}  // namespace kiln

#endif  // KILN_FRONTEND_DATA_TFRECORD_DATASET_H_
