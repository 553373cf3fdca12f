#include "capture/upload_scan.h"

#include "decoder/decode.h"

namespace vgpu::capture {
namespace {

// TRANSFER3D direction values (kTransferDirectionNames: 1 to host, 2 from host).
constexpr uint32_t kToHost = 1;

class TransferFinder final : public virgl::CommandVisitor {
 public:
  explicit TransferFinder(UploadScan& out) : out_(out) {}

  void on(const virgl::Transfer3d& t, const virgl::CommandLocation&) override {
    add(t.direction == kToHost, t.region.resource, t.region, t.offset);
  }
  void on(const virgl::CopyTransfer3d& t, const virgl::CommandLocation&) override {
    // The staging buffer's backing is the guest side; the box describes the host resource.
    add(t.read_from_host == 0, t.src_resource, t.region, t.src_offset);
  }

 private:
  void add(bool to_host, uint32_t backing_res, const virgl::TransferRegion& r, uint64_t offset) {
    ScannedTransfer s;
    s.to_host = to_host;
    s.res_id = backing_res;
    s.region_res = r.resource;
    s.level = r.level;
    s.box = {r.x, r.y, r.z, r.w, r.h, r.d};
    s.stride = r.stride;
    s.layer_stride = r.layer_stride;
    s.offset = offset;
    out_.transfers.push_back(s);
  }
  UploadScan& out_;
};

}  // namespace

UploadScan scan_transfers(std::span<const uint32_t> commands) {
  UploadScan scan;
  TransferFinder finder(scan);
  (void)virgl::decode(commands, finder);
  return scan;
}

}  // namespace vgpu::capture
