// The byte-level I/O of traces: an append-only output file whose every write is handed to the
// kernel at once (a crash of our process then loses nothing already written), and a random-access
// input that is either a file (pread) or memory (fuzzers, tests), so the reader has one code path.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "trace/result.h"

namespace vgpu::trace {

class OutputFile {
 public:
  [[nodiscard]] static Result<std::unique_ptr<OutputFile>> create(const std::filesystem::path& p);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Writes all of `data` at the end of the file (retrying short writes and EINTR).
  [[nodiscard]] Status append(std::span<const uint8_t> data);
  [[nodiscard]] Status close();
  [[nodiscard]] uint64_t size() const { return size_; }
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  OutputFile(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  int fd_ = -1;
  uint64_t size_ = 0;
  std::string name_;
};

class InputSource {
 public:
  virtual ~InputSource() = default;
  [[nodiscard]] virtual uint64_t size() const = 0;
  // The `n` bytes at `offset`, either a view into the source's memory or read into `scratch`.
  // The caller has checked offset + n <= size().
  [[nodiscard]] virtual Result<std::span<const uint8_t>> read(uint64_t offset, size_t n,
                                                              std::vector<uint8_t>& scratch) = 0;
  [[nodiscard]] virtual const std::string& name() const = 0;

  [[nodiscard]] static Result<std::unique_ptr<InputSource>> open_file(
      const std::filesystem::path& path);
  [[nodiscard]] static std::unique_ptr<InputSource> from_memory(std::span<const uint8_t> data,
                                                                std::string name);
};

}  // namespace vgpu::trace
