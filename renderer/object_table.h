// A sub-context's state objects by handle.  virgl handles share one namespace per sub-context
// (Mesa allocates them from one counter), so a handle names at most one object of one type; a
// lookup of a handle as the wrong type fails like a missing one.  The count is bounded by the
// per-context budget.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <variant>

#include "renderer/state_objects.h"

namespace vgpu::renderer {

using AnyObject =
    std::variant<std::shared_ptr<BlendObject>, std::shared_ptr<RasterizerObject>,
                 std::shared_ptr<DsaObject>, std::shared_ptr<ShaderObject>,
                 std::shared_ptr<VertexElementsObject>, std::shared_ptr<SamplerViewObject>,
                 std::shared_ptr<SamplerStateObject>, std::shared_ptr<SurfaceObject>,
                 std::shared_ptr<QueryObject>, std::shared_ptr<StreamoutTargetObject>>;

class ObjectTable {
 public:
  // Inserts under `handle`; fails (message) if the handle is taken or the budget is spent.
  template <class T>
  [[nodiscard]] std::string insert(uint32_t handle, std::shared_ptr<T> object, uint32_t budget) {
    if (objects_.count(handle) != 0) return "handle " + std::to_string(handle) + " is in use";
    if (objects_.size() >= budget) return "the object budget is spent";
    objects_.emplace(handle, AnyObject(std::move(object)));
    return {};
  }

  template <class T>
  [[nodiscard]] std::shared_ptr<T> find(uint32_t handle) const {
    auto it = objects_.find(handle);
    if (it == objects_.end()) return nullptr;
    const auto* p = std::get_if<std::shared_ptr<T>>(&it->second);
    return p ? *p : nullptr;
  }

  // Removes `handle` if it holds a T; false otherwise.
  template <class T>
  bool erase(uint32_t handle) {
    auto it = objects_.find(handle);
    if (it == objects_.end() || !std::holds_alternative<std::shared_ptr<T>>(it->second)) {
      return false;
    }
    objects_.erase(it);
    return true;
  }

  [[nodiscard]] size_t size() const { return objects_.size(); }

 private:
  std::unordered_map<uint32_t, AnyObject> objects_;
};

}  // namespace vgpu::renderer
