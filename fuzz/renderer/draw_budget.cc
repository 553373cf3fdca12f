#include "fuzz/renderer/draw_budget.h"

#include <algorithm>

#include "decoder/decode.h"

namespace vgpu::fuzz {
namespace {

class DrawWork : public virgl::CommandVisitor {
 public:
  void on(const virgl::DrawVbo& d, const virgl::CommandLocation&) override {
    heaviest = std::max(heaviest, uint64_t{d.count} * std::max(d.instance_count, 1u));
  }
  uint64_t heaviest = 0;
};

}  // namespace

uint64_t heaviest_draw(std::span<const uint32_t> words) {
  DrawWork work;
  (void)virgl::decode(words, work);  // malformed parts hold no draw to weigh
  return work.heaviest;
}

}  // namespace vgpu::fuzz
