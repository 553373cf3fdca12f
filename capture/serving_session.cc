#include "capture/serving_session.h"

#include <algorithm>
#include <string>
#include <utility>

#include "capture/log.h"
#include "capture/vtest_events.h"
#include "decoder/vtest/request_codec.h"

namespace vgpu::capture {
namespace {

using trace::Error;
using trace::ErrorCode;
using trace::Status;


const char* tier_name(renderer::Diagnostic::Tier tier) {
  switch (tier) {
    case renderer::Diagnostic::Tier::InvalidCommand: return "invalid command";
    case renderer::Diagnostic::Tier::MalformedStream: return "malformed stream";
    case renderer::Diagnostic::Tier::GlError: return "GL error";
    case renderer::Diagnostic::Tier::ContextLost: return "context lost";
  }
  return "?";
}

}  // namespace

trace::Result<std::unique_ptr<VtestSession>> ServingSession::create(UnixSocket client,
                                                                    const ClientInfo& info,
                                                                    const ServingOptions& options) {
  return std::unique_ptr<VtestSession>(new ServingSession(std::move(client), info, options));
}

ServingSession::ServingSession(UnixSocket client, ClientInfo info, ServingOptions options)
    : client_(std::move(client)), info_(std::move(info)), options_(std::move(options)) {
  // Protocol 3 (server-chosen resource ids, CONTEXT_INIT, syncs) is not served yet.
  options_.max_protocol_version = std::min<uint32_t>(options_.max_protocol_version, 2);
}

Status ServingSession::run() {
  auto renderer = options_.renderers ? options_.renderers->acquire(options_.renderer)
                                     : renderer::Renderer::create(options_.renderer);
  if (!renderer.ok()) {
    client_.shutdown();  // the guest reads end-of-stream: turned away
    return Error{renderer.error().code, "renderer: " + renderer.error().message};
  }
  renderer_ = std::move(renderer.value());
  Status why = serve();
  // The guest is gone: release everything it owned, in the order a host would, before the
  // memory the renderer reads is unmapped.
  if (context_open_) {
    for (const auto& [res_id, res] : resources_) {
      (void)apply(trace::ResourceUnref{res_id});
    }
    (void)apply(trace::ContextDestroy{info_.ctx_id});
  }
  // Here, on the thread whose GL context it made current, not in the destructor: the server
  // destroys finished sessions from its own thread, where no context is current.
  if (options_.renderers) {
    options_.renderers->release(std::move(renderer_));
  } else {
    renderer_.reset();
  }
  resources_.clear();
  client_.shutdown();
  if (diagnostics_ > options_.max_logged_diagnostics) {
    log_line("client " + std::to_string(info_.index) + ": " + std::to_string(diagnostics_) +
             " diagnostics in all, " + std::to_string(options_.max_logged_diagnostics) + " logged");
  }
  return why;
}

void ServingSession::stop() {
  stopping_ = true;
  client_.shutdown();
}

Status ServingSession::cut_off(std::string why) const {
  return Error{ErrorCode::Corrupt, "client: " + why};
}

Status ServingSession::serve() {
  RequestReader reader(client_, options_.limits);
  for (;;) {
    auto next = reader.next();
    if (!next.ok()) {
      if (stopping_) return {};
      return Error{next.error().code, "client: " + next.error().message};
    }
    if (!next.value()) return {};  // the guest closed its connection between messages
    const std::span<const uint8_t> raw = *next.value();
    const std::string at = "at stream byte " + std::to_string(reader.offset() - raw.size()) + ": ";
    auto parsed = vtest::parse_request(raw, options_.limits);
    if (!parsed.ok()) return cut_off(at + parsed.error().message);
    const vtest::Request& request = parsed.value();
    const vtest::MessageInfo& message =
        *vtest::find_message(static_cast<uint32_t>(vtest::request_id(request)));

    const bool is_create = std::holds_alternative<vtest::CreateRenderer>(request);
    if (renderer_created_ == is_create) {
      return cut_off(at + (is_create ? std::string("CREATE_RENDERER sent twice")
                                     : "first message is " + std::string(message.name) +
                                           ", not CREATE_RENDERER"));
    }
    if (message.since_version > protocol_version_) {
      return cut_off(at + std::string(message.name) + " needs protocol version " +
                     std::to_string(message.since_version) + ", the session runs version " +
                     std::to_string(protocol_version_));
    }
    if (message.needs_context) {
      if (Status s = ensure_context(); !s.ok()) return s;
    }

    std::optional<vtest::Reply> reply;
    UniqueFd fd;
    if (Status s = handle(request, reply, fd); !s.ok()) {
      return stopping_ ? Status{} : Error{s.error().code, at + s.error().message};
    }
    if (reply) {
      const std::vector<uint8_t> bytes = vtest::encode_reply(*reply);
      if (Status s = client_.write_all(bytes); !s.ok()) {
        return Error{s.error().code, "client: " + s.error().message};
      }
    }
    if (fd.valid()) {
      if (Status s = client_.send_fd(fd.get()); !s.ok()) {
        return Error{s.error().code, "client: " + s.error().message};
      }
    }
  }
}

Status ServingSession::handle(const vtest::Request& request, std::optional<vtest::Reply>& reply,
                              UniqueFd& fd) {
  return std::visit(
      trace::Overloaded{
          [&](const vtest::CreateRenderer& create) -> Status {
            info_.name = std::string(create.name);
            renderer_created_ = true;
            return {};
          },
          [&](const vtest::PingProtocolVersion&) -> Status {
            reply = vtest::PingReply{};
            return {};
          },
          [&](const vtest::ProtocolVersion& v) -> Status {
            protocol_version_ = std::min(v.version, options_.max_protocol_version);
            info_.protocol_version = protocol_version_;
            reply = vtest::VersionReply{protocol_version_};
            return {};
          },
          [&](const vtest::GetCaps&) { return caps(kCapsetVirgl, false, reply); },
          [&](const vtest::GetCaps2&) { return caps(kCapsetVirgl2, true, reply); },
          [&](const vtest::ResourceCreate& create) { return create_resource(create, fd); },
          [&](const vtest::ResourceUnref& unref) -> Status {
            if (resources_.find(unref.handle) == resources_.end()) return {};  // as the peer: ignored
            Status s = apply(trace::ResourceUnref{unref.handle});
            resources_.erase(unref.handle);  // after the renderer let go of its backing
            return s;
          },
          [&](const vtest::TransferGet& get) { return transfer_get(get, reply); },
          [&](const vtest::TransferPut& put) { return transfer_put(put); },
          [&](const vtest::SubmitCmd& submit) {
            return apply(trace::Submit{info_.ctx_id, submit.dwords});
          },
          [&](const vtest::ResourceBusyWait& wait) -> Status {
            // Work is finished in order, so "idle" for one resource means "idle" (a resource
            // may read as busy while only other work is pending: the guest then stages or
            // reallocates, which is correct, only less lazy).
            if ((wait.flags & vtest::kBusyWaitFlagWait) != 0) {
              if (Status s = renderer_->finish(); !s.ok()) return s;
              reply = vtest::BusyWaitReply{0};
            } else {
              reply = vtest::BusyWaitReply{renderer_->idle() ? 0u : 1u};
            }
            return {};
          },
          // Protocol 3 messages; serve() has already refused them for sessions below 3.
          [&](const auto& other) -> Status {
            return cut_off(std::string(vtest::message_name(vtest::request_id(vtest::Request{other}))) +
                           " is not served (protocol 3 is not implemented yet)");
          },
      },
      request);
}

Status ServingSession::caps(uint32_t capset_id, bool v2, std::optional<vtest::Reply>& reply) {
  // Version 1 of either capset: what virgl_test_server fills for GET_CAPS and GET_CAPS2 alike.
  auto bytes = renderer_->capset(capset_id, 1);
  if (!bytes.ok()) return bytes.error();
  caps_ = std::move(bytes.value());
  reply = vtest::CapsReply{v2, caps_};
  return {};
}

Status ServingSession::create_resource(const vtest::ResourceCreate& create, UniqueFd& fd) {
  if (create.handle == 0) return cut_off("RESOURCE_CREATE with resource id 0");
  if (resources_.count(create.handle)) {
    return cut_off("RESOURCE_CREATE of resource " + std::to_string(create.handle) +
                   ", which exists");
  }
  if (create.v2 && create.data_size > options_.renderer.budgets.max_resource_bytes) {
    return cut_off("RESOURCE_CREATE2 asks for " + std::to_string(create.data_size) +
                   " bytes of shared memory, over the budget of " +
                   std::to_string(options_.renderer.budgets.max_resource_bytes));
  }
  Resource res;
  if (create.v2 && create.data_size > 0) {
    auto memory = SharedMemory::create("vgpu-resource", create.data_size, fd);
    if (!memory.ok()) return memory.error();
    res.memory = std::move(memory.value());
  }
  if (Status s = apply(trace::ResourceCreate{create.handle, create.target, create.format,
                                             create.bind, create.width, create.height,
                                             create.depth, create.array_size, create.last_level,
                                             create.nr_samples, 0});
      !s.ok()) {
    return s;
  }
  if (Status s = apply(trace::AttachResource{info_.ctx_id, create.handle}); !s.ok()) return s;
  if (!res.memory.writable_bytes().empty()) {
    if (Status s = renderer_->attach_backing(create.handle, res.memory.writable_bytes()); !s.ok()) {
      return s;
    }
  }
  resources_.emplace(create.handle, std::move(res));
  log_diagnostics();
  return {};
}

Status ServingSession::transfer_put(const vtest::TransferPut& put) {
  const trace::Transfer where = to_trace_transfer(info_.ctx_id, put);
  Status s;
  if (put.v2) {
    s = renderer_->transfer_to_host_from_backing(where);
  } else {
    trace::TransferToHost upload;
    static_cast<trace::Transfer&>(upload) = where;
    upload.data = put.data;
    s = renderer_->on_event(trace::Event{0, ++events_, upload});
  }
  log_diagnostics();
  return s;
}

Status ServingSession::transfer_get(const vtest::TransferGet& get,
                                    std::optional<vtest::Reply>& reply) {
  const trace::Transfer where = to_trace_transfer(info_.ctx_id, get);
  if (get.v2) {
    Status s = renderer_->transfer_from_host_to_backing(where);
    log_diagnostics();
    return s;
  }
  // Protocol 0/1: the bytes go over the socket, exactly data_size of them whatever happens, or
  // the stream would lose its framing.  A readback the renderer refuses answers zeros, never
  // stale memory.
  readback_.assign(get.data_size, 0);
  auto size = renderer_->transfer_size(where);
  if (size.ok() && size.value() == get.data_size) {
    if (Status s = renderer_->read_resource(where, readback_); !s.ok()) {
      std::fill(readback_.begin(), readback_.end(), uint8_t{0});
      log_line("client " + std::to_string(info_.index) + ": TRANSFER_GET of resource " +
               std::to_string(get.handle) + ": " + s.error().message);
    }
  } else {
    log_line("client " + std::to_string(info_.index) + ": TRANSFER_GET of resource " +
             std::to_string(get.handle) + ": " +
             (size.ok() ? "the guest asks for " + std::to_string(get.data_size) +
                              " bytes, the box holds " + std::to_string(size.value())
                        : size.error().message));
  }
  log_diagnostics();
  reply = vtest::TransferDataReply{readback_};
  return {};
}

Status ServingSession::apply(trace::EventBody body) {
  Status s = renderer_->on_event(trace::Event{0, ++events_, std::move(body)});
  log_diagnostics();
  return s;
}

Status ServingSession::ensure_context() {
  if (context_open_) return {};
  context_open_ = true;
  return apply(trace::ContextCreate{info_.ctx_id, kCapsetVirgl2, info_.name});
}

void ServingSession::log_diagnostics() {
  for (const renderer::Diagnostic& d : renderer_->take_diagnostics()) {
    if (++diagnostics_ > options_.max_logged_diagnostics) continue;
    log_line("client " + std::to_string(info_.index) + " (" + info_.name + "): " +
             tier_name(d.tier) + " at event " + std::to_string(d.event_number) +
             (d.dword_offset ? ", dword " + std::to_string(d.dword_offset) : std::string()) +
             ": " + d.message);
  }
}

}  // namespace vgpu::capture
