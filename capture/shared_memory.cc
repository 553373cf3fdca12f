#include "capture/shared_memory.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <utility>

namespace vgpu::capture {

SharedMemory::~SharedMemory() {
  if (base_) ::munmap(base_, size_);
}

SharedMemory::SharedMemory(SharedMemory&& o) noexcept
    : base_(std::exchange(o.base_, nullptr)),
      size_(std::exchange(o.size_, 0)),
      writable_(std::exchange(o.writable_, false)) {}

SharedMemory& SharedMemory::operator=(SharedMemory&& o) noexcept {
  if (this != &o) {
    if (base_) ::munmap(base_, size_);
    base_ = std::exchange(o.base_, nullptr);
    size_ = std::exchange(o.size_, 0);
    writable_ = std::exchange(o.writable_, false);
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
  m.base_ = static_cast<uint8_t*>(p);
  m.size_ = static_cast<size_t>(st.st_size);
  return m;
}

trace::Result<SharedMemory> SharedMemory::create(const char* name, size_t size, UniqueFd& fd) {
  auto fail = [](const char* what) {
    return trace::Error{trace::ErrorCode::Io, std::string(what) + " of shared memory: " + strerror(errno)};
  };
  UniqueFd made(::memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!made.valid()) return fail("memfd_create");
  if (::ftruncate(made.get(), static_cast<off_t>(size)) != 0) return fail("ftruncate");
  SharedMemory m;
  if (size > 0) {
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, made.get(), 0);
    if (p == MAP_FAILED) return fail("mmap");
    m.base_ = static_cast<uint8_t*>(p);
    m.size_ = size;
    m.writable_ = true;
  }
  fd = std::move(made);
  return m;
}

}  // namespace vgpu::capture
