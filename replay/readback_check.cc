#include "replay/readback_check.h"

#include <algorithm>
#include <vector>

#include "replay/readback_decode.h"
#include "trace/content_hash.h"

namespace vgpu::replay {
namespace {

constexpr uint64_t kSlackBytes = 1 << 16;

uint64_t count_differences(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  uint64_t n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
  return n;
}

std::optional<RgbaImage> decode_if_possible(const ReadbackRequest& r,
                                            std::span<const uint8_t> bytes) {
  if (!r.resource) return std::nullopt;
  auto image = decode_readback(*r.resource, *r.transfer, bytes);
  if (!image) return std::nullopt;
  return std::move(*image);
}

}  // namespace

CheckedReadback check_readback(Backend& backend, GuestMemory& memory, const ReadbackRequest& r) {
  CheckedReadback checked;
  ReadbackOutcome& out = checked.outcome;
  const trace::Transfer& t = *r.transfer;
  out.res_id = t.res_id;
  out.digest = r.digest != nullptr;
  out.display = r.resource && is_display_target(*r.resource);
  const uint64_t recorded_size = r.digest ? r.digest->size : r.recorded.size();

  // The guest's memory before the host writes: the recorded bytes themselves when there are
  // some (they hold the guest's bytes between rows, and past the last row when Mesa's pitch
  // made the recorded window longer than the transfer), else replay's copy of that memory.
  auto keep_recorded = [&] {
    if (!r.digest && r.track_memory) (void)memory.write(t.res_id, t.offset, r.recorded);
  };
  auto size = backend.transfer_size(t);
  if (!size) {
    out.error = size.error().message;
    keep_recorded();
    return checked;
  }
  // A recorded window runs past the transfer by less than a row pitch; a digest claiming far
  // more is not a readback of this box (and must not make us allocate what it claims).
  if (recorded_size > 2 * *size + kSlackBytes) {
    out.error = "the recorded readback covers " + std::to_string(recorded_size) +
                " bytes, the transfer only " + std::to_string(*size);
    keep_recorded();
    return checked;
  }
  std::vector<uint8_t> local;
  std::vector<uint8_t>& ours = r.buffer ? *r.buffer : local;
  ours.resize(std::max<uint64_t>(*size, recorded_size));
  // Past the recorded window: not compared, but the same on every run.
  std::fill(ours.begin() + static_cast<std::ptrdiff_t>(recorded_size), ours.end(), uint8_t{0});
  if (!r.track_memory) {
    // Nothing will look at the bytes between rows.
  } else if (r.digest) {
    memory.read(t.res_id, t.offset, std::span(ours).first(recorded_size));
  } else {
    std::copy(r.recorded.begin(), r.recorded.end(), ours.begin());
  }
  if (auto s = backend.read_back(t, std::span(ours).first(*size)); !s) {
    out.error = s.error().message;
    keep_recorded();
    return checked;
  }
  const std::span<const uint8_t> replayed(ours.data(), recorded_size);
  if (r.track_memory) {
    if (auto s = memory.write(t.res_id, t.offset, r.digest ? replayed : r.recorded); !s) {
      out.error = s.error().message;
      return checked;
    }
  }
  out.compared_bytes = recorded_size;
  if (!r.compare) {
    out.matched = true;
    return checked;
  }
  if (r.digest) {
    out.matched = trace::digest_of(r.digest->algorithm, replayed) == r.digest->digest;
  } else {
    out.differing_bytes = count_differences(r.recorded, replayed);
    out.matched = out.differing_bytes == 0;
  }
  if (!out.matched || r.want_images) {
    checked.replayed = decode_if_possible(r, replayed);
    if (!r.digest) checked.reference = decode_if_possible(r, r.recorded);
  }
  if (checked.reference && checked.replayed) {
    out.metrics = compare_images(*checked.reference, *checked.replayed, r.tolerance);
    if (!out.matched) out.matched = out.metrics->within(r.tolerance);
  }
  return checked;
}

}  // namespace vgpu::replay
