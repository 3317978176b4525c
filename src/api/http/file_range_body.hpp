#pragma once
// A Beast body that sends one byte range of an open file, read in 64 KiB chunks, so that a
// recording is streamed rather than loaded (beast's file_body sends only whole files).
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/file.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>

namespace sb::api::http {

struct FileRangeBody {
  static constexpr std::size_t kChunkBytes = 64 * 1024;

  struct value_type {
    boost::beast::file file; // open for reading
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
  };

  static std::uint64_t size(const value_type& body) { return body.length; }

  class writer {
  public:
    using const_buffers_type = boost::asio::const_buffer;

    template <bool isRequest, class Fields>
    writer(boost::beast::http::header<isRequest, Fields>& /*header*/, value_type& body)
        : body_(body), remaining_(body.length) {}

    void init(boost::beast::error_code& ec) {
      chunk_ = std::make_unique<char[]>(kChunkBytes);
      body_.file.seek(body_.offset, ec);
    }

    boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
      if (remaining_ == 0) {
        ec = {};
        return boost::none;
      }
      const auto wanted =
          static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, kChunkBytes));
      const std::size_t read = body_.file.read(chunk_.get(), wanted, ec);
      if (ec) return boost::none;
      if (read == 0) { // the file shrank after the headers promised its length
        ec = boost::beast::http::error::short_read;
        return boost::none;
      }
      remaining_ -= read;
      return std::make_pair(const_buffers_type(chunk_.get(), read), remaining_ > 0);
    }

  private:
    value_type& body_;
    std::uint64_t remaining_;
    std::unique_ptr<char[]> chunk_;
  };
};

} // namespace sb::api::http
