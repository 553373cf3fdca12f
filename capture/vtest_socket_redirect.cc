// LD_PRELOAD shim: Mesa's virpipe driver (at least up to 22.3, Debian 12) connects to the fixed
// path /tmp/.virgl_test and ignores VTEST_SOCKET_NAME.  Tests that run several private vtest
// servers side by side (ctest -j, other engineers' runs on the same machine) need each guest to
// reach its own server, so this rewrites exactly that one connect() to $VTEST_SOCKET_NAME.
// Everything else, including the bytes on the socket, is untouched; with a Mesa that honours
// VTEST_SOCKET_NAME itself the default path is never used and the shim does nothing.
#include <dlfcn.h>
#include <errno.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace {

constexpr char kMesaDefaultSocket[] = "/tmp/.virgl_test";

using ConnectFn = int (*)(int, const sockaddr*, socklen_t);

ConnectFn real_connect() {
  static const auto fn = reinterpret_cast<ConnectFn>(dlsym(RTLD_NEXT, "connect"));
  return fn;
}

bool is_mesa_default(const sockaddr* address, socklen_t length) {
  if (address == nullptr || address->sa_family != AF_UNIX) return false;
  const auto* unix_address = reinterpret_cast<const sockaddr_un*>(address);
  // The path must fit, with its terminating NUL, inside what the caller passed.
  if (length < offsetof(sockaddr_un, sun_path) + sizeof kMesaDefaultSocket) return false;
  return std::strncmp(unix_address->sun_path, kMesaDefaultSocket, sizeof kMesaDefaultSocket) == 0;
}

}  // namespace

extern "C" int connect(int fd, const sockaddr* address, socklen_t length) {
  const ConnectFn next = real_connect();
  if (next == nullptr) {
    errno = ENOSYS;
    return -1;
  }
  const char* target = std::getenv("VTEST_SOCKET_NAME");
  if (target == nullptr || *target == '\0' || !is_mesa_default(address, length)) {
    return next(fd, address, length);
  }
  sockaddr_un redirected{};
  redirected.sun_family = AF_UNIX;
  if (std::strlen(target) >= sizeof redirected.sun_path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  std::strcpy(redirected.sun_path, target);
  return next(fd, reinterpret_cast<const sockaddr*>(&redirected), sizeof redirected);
}
