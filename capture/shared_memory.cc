#include "capture/shared_memory.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <string>
#include <utility>

namespace vgpu::capture {

SharedMemory::~SharedMemory() {
  if (base_) ::munmap(const_cast<uint8_t*>(base_), size_);
}

SharedMemory::SharedMemory(SharedMemory&& o) noexcept
    : base_(std::exchange(o.base_, nullptr)), size_(std::exchange(o.size_, 0)) {}

SharedMemory& SharedMemory::operator=(SharedMemory&& o) noexcept {
  if (this != &o) {
    if (base_) ::munmap(const_cast<uint8_t*>(base_), size_);
    base_ = std::exchange(o.base_, nullptr);
    size_ = std::exchange(o.size_, 0);
  }
  return *this;
}

trace::Result<SharedMemory> SharedMemory::map(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    return trace::Error{trace::ErrorCode::Io, std::string("fstat of shared memory: ") + strerror(errno)};
  }
  SharedMemory m;
  if (st.st_size <= 0) return m;  // nothing to map (a zero-sized backing)
  void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    return trace::Error{trace::ErrorCode::Io, std::string("mmap of shared memory: ") + strerror(errno)};
  }
  m.base_ = static_cast<const uint8_t*>(p);
  m.size_ = static_cast<size_t>(st.st_size);
  return m;
}

}  // namespace vgpu::capture
