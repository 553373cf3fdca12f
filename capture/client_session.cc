#include "capture/client_session.h"

#include <string>
#include <utility>
#include <vector>

#include "capture/backing_range.h"
#include "capture/log.h"
#include "capture/upload_scan.h"
#include "capture/vtest_events.h"
#include "decoder/protocol.h"
#include "decoder/vtest/request_codec.h"

namespace vgpu::capture {
namespace {

using trace::Error;
using trace::ErrorCode;
using trace::Status;

Status upstream_error(const Error& e) { return Error{e.code, "upstream: " + e.message}; }
Status client_error(const Error& e) { return Error{e.code, "client: " + e.message}; }

// The region fields of a vtest transfer as a trace event (TransferToHost or TransferFromHost);
// the caller adds the bytes.
template <class Event>
Event transfer_event(uint32_t ctx_id, const vtest::Transfer& t) {
  Event e;
  static_cast<trace::Transfer&>(e) = to_trace_transfer(ctx_id, t);
  return e;
}

}  // namespace

ClientSession::ClientSession(UnixSocket client, UnixSocket upstream, ClientInfo info,
                             SessionOptions options, SinkProvider sinks)
    : client_(std::move(client)),
      upstream_(std::move(upstream)),
      info_(std::move(info)),
      options_(std::move(options)),
      sinks_(std::move(sinks)),
      spin_(options_.spin_budget) {}

Status ClientSession::run() {
  Status why = serve();
  if (!pending_readbacks_.empty()) {
    if (Status s = flush_pending_readbacks(); !s.ok()) {
      log_line(where() + std::to_string(pending_readbacks_.size()) +
               " readback(s) not recorded: " + s.error().message);
    }
  }
  close_context();
  client_.shutdown();
  upstream_.shutdown();
  return why;
}

void ClientSession::stop() {
  stopping_ = true;
  client_.shutdown();
  upstream_.shutdown();
}

Status ClientSession::cut_off(std::string why) const {
  return Error{ErrorCode::Corrupt, "client: " + why};
}

Status ClientSession::serve() {
  RequestReader reader(client_, options_.limits, &spin_);
  for (;;) {
    auto next = reader.next();
    if (!next.ok()) {
      if (stopping_) return {};
      return client_error(next.error());
    }
    if (!next.value()) return {};  // the client closed its connection between messages
    const std::span<const uint8_t> raw = *next.value();
    auto parsed = vtest::parse_request(raw, options_.limits);
    if (!parsed.ok()) {
      return cut_off("at stream byte " + std::to_string(reader.offset() - raw.size()) + ": " +
                     parsed.error().message);
    }
    const bool is_create = std::holds_alternative<vtest::CreateRenderer>(parsed.value());
    if (renderer_created_ == is_create) {
      return cut_off(is_create ? "CREATE_RENDERER sent twice"
                               : "first message is " +
                                     std::string(vtest::message_name(vtest::request_id(parsed.value()))) +
                                     ", not CREATE_RENDERER");
    }
    if (Status s = handle(parsed.value(), raw); !s.ok()) return stopping_ ? Status{} : s;
    const auto id = static_cast<uint32_t>(vtest::request_id(parsed.value()));
    before_previous_id_ = std::exchange(previous_id_, id);
    reader.spin_as(SpinWait::request_slot(before_previous_id_, previous_id_));
  }
}

Status ClientSession::handle(const vtest::Request& request, std::span<const uint8_t> raw) {
  const vtest::MessageInfo& message = *vtest::find_message(static_cast<uint32_t>(vtest::request_id(request)));
  if (const auto* create = std::get_if<vtest::CreateRenderer>(&request)) {
    info_.name = std::string(create->name);
    renderer_created_ = true;
  }
  if (const auto* init = std::get_if<vtest::ContextInit>(&request)) ensure_context(init->capset_id);
  if (message.needs_context) ensure_context(0);

  // Readbacks still pending are recorded before anything that follows them.  The guest's own
  // BUSY_WAIT carries them (its reply proves the host ran them); anything else needs our probe.
  const bool readbacks_ride_along =
      !pending_readbacks_.empty() && std::holds_alternative<vtest::ResourceBusyWait>(request);
  if (!pending_readbacks_.empty() && !readbacks_ride_along) {
    if (Status s = flush_pending_readbacks(); !s.ok()) return s;
  }

  // Before the host sees the request: the bytes the guest wrote, as it wrote them.
  if (const auto* put = std::get_if<vtest::TransferPut>(&request)) {
    if (Status s = record_transfer_put(*put); !s.ok()) return s;
  } else if (const auto* submit = std::get_if<vtest::SubmitCmd>(&request)) {
    record_submit(submit->dwords);
  } else if (const auto* submit2 = std::get_if<vtest::SubmitCmd2>(&request)) {
    for (const auto& batch : submit2->batches) {
      record_submit(batch.commands);
      for (const auto& sync : batch.syncs) emit(trace::SyncWrite{sync.sync_id, sync.value});
    }
  }

  if (Status s = upstream_.write_all(raw); !s.ok()) return upstream_error(s.error());

  const vtest::ReplyExpectation expected = vtest::expect_reply(request, protocol_version_);
  size_t reply_size = 0;
  if (Status s = read_reply(upstream_, expected, options_.limits, reply_buf_, reply_size, &spin_,
                            SpinWait::reply_slot(previous_id_, static_cast<uint32_t>(message.id)));
      !s.ok()) {
    return upstream_error(s.error());
  }
  const std::span<const uint8_t> reply_bytes{reply_buf_.data(), reply_size};
  std::optional<vtest::Reply> reply;
  if (expected.shape != vtest::ReplyShape::None) {
    auto parsed = vtest::parse_reply(expected, reply_bytes, options_.limits);
    if (!parsed.ok()) return upstream_error(Error{ErrorCode::Corrupt, parsed.error().message});
    reply = std::move(parsed.value());
  }
  UniqueFd fd;
  if (expected.fd) {
    auto received = upstream_.receive_fd();
    if (!received.ok()) return upstream_error(received.error());
    fd = std::move(received.value());
  }

  // After the host answered: what it said, and what it wrote.
  // Before the guest has its answer: from then on it may write the memory the readbacks are in
  // (FramePixelsTest's guest writes its next upload there at once; hashing a presented frame
  // after the answer, tried in session 6, recorded those bytes instead under ASan's timing).
  if (readbacks_ride_along) record_pending_readbacks();
  if (const auto* version = reply ? std::get_if<vtest::VersionReply>(&*reply) : nullptr) {
    protocol_version_ = std::min(version->version, vtest::kMaxProtocolVersion);
    info_.protocol_version = protocol_version_;
  }
  record_reply(request, reply, fd);

  if (Status s = client_.write_all(reply_bytes); !s.ok()) return client_error(s.error());
  if (fd.valid()) {
    if (Status s = client_.send_fd(fd.get()); !s.ok()) return client_error(s.error());
  }

  if (const auto* get = std::get_if<vtest::TransferGet>(&request)) {
    const auto* data = reply ? std::get_if<vtest::TransferDataReply>(&*reply) : nullptr;
    if (Status s = record_transfer_get(*get, data ? data->data : std::span<const uint8_t>{}); !s.ok()) {
      return s;
    }
  }
  return {};
}

void ClientSession::record_reply(const vtest::Request& request, const std::optional<vtest::Reply>& reply,
                                 const UniqueFd& fd) {
  const auto* id_reply = reply ? std::get_if<vtest::ResourceIdReply>(&*reply) : nullptr;
  if (const auto* create = std::get_if<vtest::ResourceCreate>(&request)) {
    // Before protocol 3 the guest chose the id; from 3 the host did.
    const uint32_t res_id = id_reply ? id_reply->res_id : create->handle;
    Resource& res = resources_[res_id];
    res = Resource{};
    res.args = *create;
    map_backing(res_id, res, fd);
    emit(trace::ResourceCreate{res_id, create->target, create->format, create->bind, create->width,
                               create->height, create->depth, create->array_size,
                               create->last_level, create->nr_samples, 0});
    emit(trace::AttachResource{info_.ctx_id, res_id});
  } else if (const auto* blob = std::get_if<vtest::ResourceCreateBlob>(&request)) {
    if (!id_reply) return;
    Resource& res = resources_[id_reply->res_id];
    res = Resource{};
    res.blob = true;
    map_backing(id_reply->res_id, res, fd);
    emit(trace::ResourceCreateBlob{id_reply->res_id, info_.ctx_id, blob->type, blob->flags,
                                   blob->blob_id, blob->size});
    emit(trace::AttachResource{info_.ctx_id, id_reply->res_id});
  } else if (const auto* unref = std::get_if<vtest::ResourceUnref>(&request)) {
    if (resources_.erase(unref->handle)) emit(trace::ResourceUnref{unref->handle});
  } else if (std::holds_alternative<vtest::GetCaps>(request) ||
             std::holds_alternative<vtest::GetCaps2>(request)) {
    if (const auto* caps = reply ? std::get_if<vtest::CapsReply>(&*reply) : nullptr) {
      emit(trace::CapsetInfo{caps->v2 ? kCapsetVirgl2 : kCapsetVirgl, 1, caps->caps});
    }
  } else if (const auto* get_capset = std::get_if<vtest::GetCapset>(&request)) {
    const auto* capset = reply ? std::get_if<vtest::CapsetReply>(&*reply) : nullptr;
    if (capset && capset->valid) {
      emit(trace::CapsetInfo{get_capset->capset_id, get_capset->version, capset->capset});
    }
  } else if (const auto* sync = std::get_if<vtest::SyncCreate>(&request)) {
    if (const auto* id = reply ? std::get_if<vtest::SyncIdReply>(&*reply) : nullptr) {
      emit(trace::SyncCreate{id->sync_id, sync->value});
    }
  } else if (const auto* unref_sync = std::get_if<vtest::SyncUnref>(&request)) {
    emit(trace::SyncUnref{unref_sync->sync_id});
  } else if (const auto* write = std::get_if<vtest::SyncWrite>(&request)) {
    emit(trace::SyncWrite{write->sync_id, write->value});
  } else if (const auto* wait = std::get_if<vtest::SyncWait>(&request)) {
    wait_points_.clear();
    for (const auto& p : wait->points) wait_points_.push_back({p.sync_id, p.value});
    emit(trace::SyncWait{wait->flags, uint64_t{wait->timeout_ms} * 1000000, wait_points_});
  }
}

void ClientSession::map_backing(uint32_t res_id, Resource& res, const UniqueFd& fd) {
  if (!fd.valid()) return;
  auto mapped = SharedMemory::map(fd.get());
  if (!mapped.ok()) {
    // A host blob exported as a dmabuf may refuse a CPU mapping: its uploads cannot be recorded.
    log_line(where() + "resource " + std::to_string(res_id) +
             ": backing not recorded: " + mapped.error().message);
    return;
  }
  res.memory = std::move(mapped.value());
}

Status ClientSession::record_transfer_put(const vtest::TransferPut& put) {
  auto event = transfer_event<trace::TransferToHost>(info_.ctx_id, put);
  if (!put.v2) {
    event.data = put.data;
  } else {
    const Resource* res = find_resource(put.handle);
    const auto data = res ? backing_bytes(*res, put.offset, put.data_size) : std::nullopt;
    if (!data) {
      // The host refuses this too (the offset is past the backing) and drops the client.
      return cut_off("TRANSFER_PUT2 at offset " + std::to_string(put.offset) +
                     " is outside the shared memory of resource " + std::to_string(put.handle));
    }
    event.data = *data;
  }
  emit(event);
  return {};
}

Status ClientSession::record_transfer_get(const vtest::TransferGet& get,
                                          std::span<const uint8_t> inline_data) {
  const Resource* res = find_resource(get.handle);
  const auto region = transfer_event<trace::Transfer>(info_.ctx_id, get);
  const bool frame = res && (res->args.bind & virgl::kPresentableBinds);
  if (!get.v2) {
    record_readback(region, inline_data, frame);
    return {};
  }
  // The host writes the shared memory while handling the request, which has no reply: the
  // bytes are taken once a later reply proves it done.
  const auto data = res ? backing_bytes(*res, get.offset, get.data_size) : std::nullopt;
  if (!data) {
    log_line(where() + "TRANSFER_GET2 at offset " + std::to_string(get.offset) +
             " is outside the shared memory of resource " + std::to_string(get.handle) +
             ": readback not recorded");
    return {};
  }
  pending_readbacks_.push_back({region, BackingRange{get.offset, data->size()}});
  return {};
}

void ClientSession::record_submit(std::span<const uint32_t> commands) {
  const UploadScan scan = scan_transfers(commands);
  for (const auto& t : scan.transfers) {
    const Resource* res = find_resource(t.res_id);
    if (!res || !res->memory) continue;  // no guest backing: the host reads nothing
    const Resource* described = find_resource(t.region_res);
    const uint32_t target = described ? described->args.target : res->args.target;
    const BackingRange range = backing_range(t.shape(target), res->memory->bytes().size());
    if (range.size == 0) continue;
    if (t.to_host) {
      emit(trace::BackingWrite{info_.ctx_id, t.res_id, range.offset,
                               res->memory->bytes().subspan(range.offset, range.size)});
    } else {
      trace::Transfer region{info_.ctx_id, t.res_id,       t.level,      t.box,
                             t.stride,     t.layer_stride, range.offset, {}};
      pending_readbacks_.push_back({region, range});
    }
  }
  emit(trace::Submit{info_.ctx_id, commands});
}

Status ClientSession::flush_pending_readbacks() {
  if (Status s = wait_upstream_idle(); !s.ok()) return s;
  record_pending_readbacks();
  return {};
}

void ClientSession::record_pending_readbacks() {
  for (const PendingReadback& r : pending_readbacks_) {
    const Resource* res = find_resource(r.region.res_id);
    if (!res || !res->memory) continue;  // unreferenced since: nothing left to read
    const auto bytes = backing_bytes(*res, r.range.offset, r.range.size);
    if (!bytes) continue;
    record_readback(r.region, *bytes, (res->args.bind & virgl::kPresentableBinds) != 0);
  }
  pending_readbacks_.clear();
}

void ClientSession::record_readback(const trace::Transfer& region, std::span<const uint8_t> bytes,
                                   bool frame) {
  emit(readback_event(region, bytes, !frame || options_.frame_pixels.keeps_pixels(frames_)));
  if (frame) {
    ++frames_;
    end_frame();
  }
}

Status ClientSession::wait_upstream_idle() {
  // Any request with a reply will do: the host answers in order, so the answer means every
  // earlier request was handled.  BUSY_WAIT with handle 0 is what Mesa itself uses as a probe.
  const auto probe = vtest::encode_request(vtest::ResourceBusyWait{0, 0});
  if (Status s = upstream_.write_all(probe); !s.ok()) return upstream_error(s.error());
  size_t size = 0;
  const auto expected = vtest::expect_reply(vtest::ResourceBusyWait{}, protocol_version_);
  if (Status s = read_reply(upstream_, expected, options_.limits, probe_buf_, size); !s.ok()) {
    return upstream_error(s.error());
  }
  return {};
}

std::optional<std::span<const uint8_t>> ClientSession::backing_bytes(const Resource& res,
                                                                    uint64_t offset,
                                                                    uint64_t size) {
  // Mesa's data_size counts its own row pitch (a 300-pixel display target: 1216-byte rows),
  // which can run past the backing the host sized with tight rows; the host moves only what lies
  // inside the backing, so that is what is recorded.
  if (!res.memory || offset >= res.memory->bytes().size()) return std::nullopt;
  return res.memory->bytes().subspan(offset, std::min(size, res.memory->bytes().size() - offset));
}

const ClientSession::Resource* ClientSession::find_resource(uint32_t res_id) const {
  const auto it = resources_.find(res_id);
  return it == resources_.end() ? nullptr : &it->second;
}

void ClientSession::ensure_context(uint32_t capset_id) {
  if (context_open_) return;
  context_open_ = true;
  emit(trace::ContextCreate{info_.ctx_id, capset_id, info_.name});
}

void ClientSession::close_context() {
  if (!context_open_) return;
  // The host drops the context's resources with it; say so, so that a trace holding several
  // clients in turn never sees an id reused while still alive.
  for (const auto& [res_id, res] : resources_) emit(trace::ResourceUnref{res_id});
  resources_.clear();
  emit(trace::ContextDestroy{info_.ctx_id});
  context_open_ = false;
}

void ClientSession::emit(trace::EventBody body) {
  if (!sink_requested_) {
    sink_requested_ = true;
    sink_ = sinks_ ? sinks_(info_) : nullptr;
  }
  if (sink_) sink_->emit(std::move(body));
}

void ClientSession::end_frame() {
  if (sink_) sink_->end_frame();
}

std::string ClientSession::where() const {
  return "client " + std::to_string(info_.index) + " (" + (info_.name.empty() ? "?" : info_.name) +
         "): ";
}

}  // namespace vgpu::capture
