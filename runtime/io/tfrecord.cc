// TFRecordWriter and TFRecordReader over the compressed streams.
#include "runtime/io/tfrecord.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>

#include "runtime/io/crc32c.h"
#include "runtime/io/internal/compressed_stream.h"

namespace kiln {
namespace {

void PutLittle(char* out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

uint64_t GetLittle(const char* in, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

uint32_t MaskedCrc(const char* data, size_t n) {
  return crc32c::Mask(crc32c::Value(data, n));
}

}  // namespace

std::string FrameRecord(std::string_view data) {
  std::string out(12 + data.size() + 4, '\0');
  PutLittle(out.data(), data.size(), 8);
  PutLittle(out.data() + 8, MaskedCrc(out.data(), 8), 4);
  std::copy(data.begin(), data.end(), out.begin() + 12);
  PutLittle(out.data() + 12 + data.size(), MaskedCrc(data.data(), data.size()),
            4);
  return out;
}

StatusOr<Compression> ParseCompression(std::string_view name) {
  if (name.empty() || name == "NONE") return Compression::kNone;
  if (name == "ZLIB") return Compression::kZlib;
  if (name == "GZIP") return Compression::kGzip;
  return InvalidArgument("unknown compression '" + std::string(name) +
                         "' (known: \"\", ZLIB, GZIP)");
}

struct TFRecordWriter::Impl {
  std::string path, tmp;
  std::unique_ptr<io_internal::ByteSink> sink;
  bool closed = false;
};

TFRecordWriter::TFRecordWriter(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

TFRecordWriter::~TFRecordWriter() {
  if (!impl_->closed) {
    impl_->sink.reset();
    std::remove(impl_->tmp.c_str());
  }
}

StatusOr<std::unique_ptr<TFRecordWriter>> TFRecordWriter::Open(
    const std::string& path, Compression compression) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->tmp = path + ".tmp-" + std::to_string(getpid()) + "-" +
              std::to_string(std::random_device{}());
  std::FILE* f = std::fopen(impl->tmp.c_str(), "wb");
  if (f == nullptr) {
    return NotFound(path + ": cannot create: " + std::strerror(errno));
  }
  impl->sink = io_internal::NewFileSink(f, path, compression);
  return std::unique_ptr<TFRecordWriter>(new TFRecordWriter(std::move(impl)));
}

Status TFRecordWriter::Write(std::string_view record) {
  if (impl_->closed) return FailedPrecondition(impl_->path + ": writer closed");
  return impl_->sink->Append(FrameRecord(record));
}

Status TFRecordWriter::Close() {
  if (impl_->closed) return OkStatus();
  KILN_RETURN_IF_ERROR(impl_->sink->Finish());
  if (std::rename(impl_->tmp.c_str(), impl_->path.c_str()) != 0) {
    return Internal(impl_->path +
                    ": cannot rename into place: " + std::strerror(errno));
  }
  impl_->closed = true;
  return OkStatus();
}

struct TFRecordReader::Impl {
  std::string path;
  std::unique_ptr<io_internal::ByteSource> source;
  uint64_t offset = 0;
  bool resumable = false;  // the last error left us at the next record

  // Reads exactly n bytes; returns how many were there.
  StatusOr<size_t> ReadFully(char* buf, size_t n) {
    size_t done = 0;
    while (done < n) {
      KILN_ASSIGN_OR_RETURN(size_t got, source->Read(buf + done, n - done));
      if (got == 0) break;
      done += got;
    }
    return done;
  }
  Status Error(const std::string& what) const {
    return DataLoss(path + ": " + what + " record at offset " +
                    std::to_string(offset));
  }
};

TFRecordReader::TFRecordReader(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
TFRecordReader::~TFRecordReader() = default;

StatusOr<std::unique_ptr<TFRecordReader>> TFRecordReader::Open(
    const std::string& path, Compression compression) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return NotFound(path + ": cannot open: " + std::strerror(errno));
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->source = io_internal::NewFileSource(f, path, compression);
  return std::unique_ptr<TFRecordReader>(new TFRecordReader(std::move(impl)));
}

uint64_t TFRecordReader::offset() const { return impl_->offset; }
bool TFRecordReader::can_skip_damaged() const { return impl_->resumable; }

Status TFRecordReader::Next(std::string* record) {
  Impl& r = *impl_;
  r.resumable = false;
  char header[12];
  KILN_ASSIGN_OR_RETURN(size_t got, r.ReadFully(header, 12));
  if (got == 0) return OutOfRange(r.path + ": end of file");
  if (got < 12) return r.Error("truncated header of the");
  if (crc32c::Unmask(static_cast<uint32_t>(GetLittle(header + 8, 4))) !=
      crc32c::Value(header, 8)) {
    return r.Error("corrupted length of the");
  }
  const uint64_t length = GetLittle(header, 8);
  // Grow the buffer as bytes arrive, so a huge claimed length on a short
  // file fails as truncated instead of allocating it.
  record->clear();
  char buf[64 * 1024];
  while (record->size() < length) {
    const size_t want = static_cast<size_t>(
        std::min<uint64_t>(sizeof(buf), length - record->size()));
    KILN_ASSIGN_OR_RETURN(size_t n, r.ReadFully(buf, want));
    record->append(buf, n);
    if (n < want) return r.Error("truncated data of the");
  }
  char footer[4];
  KILN_ASSIGN_OR_RETURN(size_t f, r.ReadFully(footer, 4));
  if (f < 4) return r.Error("truncated footer of the");
  if (crc32c::Unmask(static_cast<uint32_t>(GetLittle(footer, 4))) !=
      crc32c::Value(record->data(), record->size())) {
    Status error = r.Error("corrupted data of the");
    r.offset += 16 + length;
    r.resumable = true;
    return error;
  }
  r.offset += 16 + length;
  return OkStatus();
}

}  // namespace kiln
