#include "trace/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vgpu::trace {
namespace {

Error io_error(const std::string& name, const std::string& what) {
  return Error{ErrorCode::Io, name + ": " + what + ": " + std::strerror(errno)};
}

class FileSource final : public InputSource {
 public:
  FileSource(int fd, uint64_t size, std::string name)
      : fd_(fd), size_(size), name_(std::move(name)) {}
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  uint64_t size() const override { return size_; }
  const std::string& name() const override { return name_; }
  Result<std::span<const uint8_t>> read(uint64_t offset, size_t n,
                                        std::vector<uint8_t>& scratch) override {
    if (scratch.size() < n) scratch.resize(n);
    size_t done = 0;
    while (done < n) {
      const ssize_t r = ::pread(fd_, scratch.data() + done, n - done,
                                static_cast<off_t>(offset + done));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return io_error(name_, "read at offset " + std::to_string(offset + done));
      if (r == 0) {
        return Error{ErrorCode::Io, name_ + ": file shrank while reading at offset " +
                                        std::to_string(offset + done)};
      }
      done += static_cast<size_t>(r);
    }
    return std::span<const uint8_t>(scratch.data(), n);
  }

 private:
  int fd_;
  uint64_t size_;
  std::string name_;
};

class MemorySource final : public InputSource {
 public:
  MemorySource(std::span<const uint8_t> data, std::string name)
      : data_(data), name_(std::move(name)) {}
  uint64_t size() const override { return data_.size(); }
  const std::string& name() const override { return name_; }
  Result<std::span<const uint8_t>> read(uint64_t offset, size_t n,
                                        std::vector<uint8_t>&) override {
    return data_.subspan(static_cast<size_t>(offset), n);
  }

 private:
  std::span<const uint8_t> data_;
  std::string name_;
};

}  // namespace

Result<std::unique_ptr<OutputFile>> OutputFile::create(const std::filesystem::path& p) {
  const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error(p.string(), "cannot create");
  return std::unique_ptr<OutputFile>(new OutputFile(fd, p.string()));
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status OutputFile::append(std::span<const uint8_t> data) {
  if (fd_ < 0) return Error{ErrorCode::Closed, name_ + ": file already closed"};
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t r = ::write(fd_, data.data() + done, data.size() - done);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return io_error(name_, "write at offset " + std::to_string(size_ + done));
    done += static_cast<size_t>(r);
  }
  size_ += done;
  return {};
}

Status OutputFile::close() {
  if (fd_ < 0) return {};
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return io_error(name_, "close");
  return {};
}

Result<std::unique_ptr<InputSource>> InputSource::open_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error(path.string(), "cannot open");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{ErrorCode::Io, path.string() + ": not a regular file"};
  }
  return std::unique_ptr<InputSource>(
      new FileSource(fd, static_cast<uint64_t>(st.st_size), path.string()));
}

std::unique_ptr<InputSource> InputSource::from_memory(std::span<const uint8_t> data,
                                                      std::string name) {
  return std::make_unique<MemorySource>(data, std::move(name));
}

}  // namespace vgpu::trace
