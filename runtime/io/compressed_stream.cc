// File sinks and sources, plain or through zlib's deflate/inflate.
#include "runtime/io/internal/compressed_stream.h"

#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <vector>

namespace kiln {
namespace io_internal {
namespace {

constexpr size_t kBlock = 256 * 1024;

// zlib's window bits: 15, plus 16 for a gzip header and trailer.
int WindowBits(Compression c) { return c == Compression::kGzip ? 15 + 16 : 15; }

class PlainSink : public ByteSink {
 public:
  PlainSink(std::FILE* f, std::string name) : f_(f), name_(std::move(name)) {}
  ~PlainSink() override {
    if (f_) std::fclose(f_);
  }
  Status Append(std::string_view bytes) override {
    if (std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size()) {
      return Internal(name_ + ": write failed: " + std::strerror(errno));
    }
    return OkStatus();
  }
  Status Finish() override {
    if (std::fflush(f_) != 0 || fsync(fileno(f_)) != 0) {
      return Internal(name_ + ": flush failed: " + std::strerror(errno));
    }
    const int closed = std::fclose(f_);
    f_ = nullptr;
    if (closed != 0) return Internal(name_ + ": close failed");
    return OkStatus();
  }

 private:
  std::FILE* f_;
  std::string name_;
};

class DeflateSink : public ByteSink {
 public:
  DeflateSink(std::FILE* f, std::string name, Compression c)
      : file_(f, name), name_(std::move(name)) {
    std::memset(&z_, 0, sizeof(z_));
    ok_ = deflateInit2(&z_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, WindowBits(c), 8,
                       Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~DeflateSink() override { deflateEnd(&z_); }
  Status Append(std::string_view bytes) override {
    return Pump(bytes, Z_NO_FLUSH);
  }
  Status Finish() override {
    KILN_RETURN_IF_ERROR(Pump({}, Z_FINISH));
    return file_.Finish();
  }

 private:
  Status Pump(std::string_view in, int flush) {
    if (!ok_) return Internal(name_ + ": zlib failed to start");
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(in.size());
    std::vector<char> out(kBlock);
    int rc;
    do {
      z_.next_out = reinterpret_cast<Bytef*>(out.data());
      z_.avail_out = static_cast<uInt>(out.size());
      rc = deflate(&z_, flush);
      if (rc == Z_STREAM_ERROR) return Internal(name_ + ": deflate failed");
      KILN_RETURN_IF_ERROR(
          file_.Append({out.data(), out.size() - z_.avail_out}));
    } while (z_.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    return OkStatus();
  }

  PlainSink file_;
  std::string name_;
  z_stream z_;
  bool ok_ = false;
};

class PlainSource : public ByteSource {
 public:
  PlainSource(std::FILE* f, std::string name) : f_(f), name_(std::move(name)) {}
  ~PlainSource() override { std::fclose(f_); }
  StatusOr<size_t> Read(char* buf, size_t n) override {
    const size_t got = std::fread(buf, 1, n, f_);
    if (got < n && std::ferror(f_)) {
      return DataLoss(name_ + ": read failed: " + std::strerror(errno));
    }
    return got;
  }

 private:
  std::FILE* f_;
  std::string name_;
};

class InflateSource : public ByteSource {
 public:
  InflateSource(std::FILE* f, std::string name, Compression c)
      : file_(f, name), name_(std::move(name)), in_(kBlock) {
    std::memset(&z_, 0, sizeof(z_));
    ok_ = inflateInit2(&z_, WindowBits(c)) == Z_OK;
  }
  ~InflateSource() override { inflateEnd(&z_); }
  StatusOr<size_t> Read(char* buf, size_t n) override {
    if (!ok_) return Internal(name_ + ": zlib failed to start");
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(n);
    while (z_.avail_out > 0 && !ended_) {
      if (z_.avail_in == 0) {
        KILN_ASSIGN_OR_RETURN(size_t got, file_.Read(in_.data(), in_.size()));
        if (got == 0) {
          return DataLoss(name_ + ": compressed stream ends early (after " +
                          std::to_string(z_.total_out) + " bytes)");
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(got);
      }
      const int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        ended_ = true;
      } else if (rc != Z_OK) {
        return DataLoss(name_ + ": corrupt compressed stream after " +
                        std::to_string(z_.total_out) + " bytes (" +
                        (z_.msg ? z_.msg : "zlib error") + ")");
      }
    }
    return n - z_.avail_out;
  }

 private:
  PlainSource file_;
  std::string name_;
  std::vector<char> in_;
  z_stream z_;
  bool ok_ = false, ended_ = false;
};

}  // namespace

std::unique_ptr<ByteSink> NewFileSink(std::FILE* file, std::string name,
                                      Compression compression) {
  if (compression == Compression::kNone) {
    return std::make_unique<PlainSink>(file, std::move(name));
  }
  return std::make_unique<DeflateSink>(file, std::move(name), compression);
}

std::unique_ptr<ByteSource> NewFileSource(std::FILE* file, std::string name,
                                          Compression compression) {
  if (compression == Compression::kNone) {
    return std::make_unique<PlainSource>(file, std::move(name));
  }
  return std::make_unique<InflateSource>(file, std::move(name), compression);
}

}  // namespace io_internal
}  // namespace kiln
