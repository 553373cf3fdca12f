// How much one DRAW_VBO may ask of the host.  GL takes a direct draw's counts as GLsizei, so a
// count or instance count over INT32_MAX would reach it negative (GL_INVALID_VALUE); and the
// vertex invocations of one DRAW_VBO (count x instances, summed over the commands of an
// indirect draw) are bounded by Budgets::max_draw_invocations, so that one command cannot keep
// the host busy for minutes (a software rasterizer runs them on the CPU).
#pragma once

#include <cstdint>
#include <string>

namespace vgpu::renderer {

// Adds `count` x max(`instances`, 1) to `invocations`; the reason the draw is refused when
// either number does not fit a GLsizei or the sum passes `budget`, "" otherwise.
[[nodiscard]] std::string add_draw_invocations(uint64_t count, uint64_t instances,
                                               uint64_t budget, uint64_t& invocations);

}  // namespace vgpu::renderer
