// The global resource table: creation (validated against the format table, GL limits and the
// budgets, storage zero-filled so no host memory ever reaches the guest uninitialised), lookup
// and unreference.  Which context may name which resource is the context's business
// (VirglContext::resource), this table only knows what exists.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "renderer/renderer.h"
#include "renderer/resource.h"

namespace vgpu::renderer {

// Texture size limits: what creation accepts and what the capsets advertise (GL 4.x hosts all
// reach them); a framebuffer without attachments is held to the same.
inline constexpr uint32_t kMaxSize2d = 16384, kMaxSize3d = 2048, kMaxLayers = 2048;

class ResourceTable {
 public:
  explicit ResourceTable(const Budgets& budgets) : budgets_(budgets) {}

  // Creates the GL storage (a context of the share group must be current).  An empty string
  // means created; otherwise the reason it was refused.
  [[nodiscard]] std::string create(const trace::ResourceCreate& args);
  [[nodiscard]] std::string unref(uint32_t res_id);
  [[nodiscard]] std::shared_ptr<Resource> find(uint32_t res_id) const;

  // Grows `res`'s mirror so that [offset, offset+size) fits, within the total budget.
  [[nodiscard]] std::string reserve_mirror(Resource& res, uint64_t offset, uint64_t size);

  [[nodiscard]] uint64_t bytes_used() const { return account_.used; }
  [[nodiscard]] size_t count() const { return resources_.size(); }
  void clear() { resources_.clear(); }

 private:
  Budgets budgets_;
  MemoryAccount account_;  // outlives every Resource: declared before the map
  std::unordered_map<uint32_t, std::shared_ptr<Resource>> resources_;
};

// What the host GL cannot store although the shape is valid (resource_storage.cc): a sample
// count over the format's maximum.  Empty when it can.
[[nodiscard]] std::string host_refusal(const trace::ResourceCreate& args, const GlFormat& format);

// The GL side of creation (resource_storage.cc): allocates and zero-fills; false on a GL
// failure (out of memory), with the GL objects released.
[[nodiscard]] bool allocate_storage(Resource& res);
void release_storage(Resource& res);

}  // namespace vgpu::renderer
