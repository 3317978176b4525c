#pragma once
// The transaction layer's one user: sends REGISTER to the registrar, answers to our
// OPTIONS pings to the device monitor, and everything else to the B2BUA.
#include "sip/transaction/transaction_layer.hpp"

#include <functional>
#include <unordered_map>

namespace sb::server {

class SipDispatch final : public sip::transaction::TransactionUser {
public:
  using RegisterHandler = std::function<void(sip::transaction::ServerTransactionId, const sip::Message&,
                                             const net::Endpoint&)>;
  using ResponseHandler = std::function<void(const sip::Message& response)>;

  SipDispatch(sip::transaction::TransactionUser& calls, RegisterHandler registrar)
      : calls_(calls), registrar_(std::move(registrar)) {}

  // Routes the final response (or timeout) of client transaction `tx` to `handler`
  // instead of the B2BUA.
  void claim(sip::transaction::ClientTransactionId tx, ResponseHandler handler) {
    claimed_[tx] = std::move(handler);
  }

  void onRequest(sip::transaction::ServerTransactionId tx, const sip::Message& request,
                 const net::Endpoint& source) override;
  void onAck(const sip::Message& ack, const net::Endpoint& source) override { calls_.onAck(ack, source); }
  void onCancel(sip::transaction::ServerTransactionId tx, const sip::Message& cancel) override {
    calls_.onCancel(tx, cancel);
  }
  void onResponse(sip::transaction::ClientTransactionId tx, const sip::Message& response) override;
  void onClientFailure(sip::transaction::ClientTransactionId tx, const sip::Message& timeout) override;
  void onServerAckTimeout(sip::transaction::ServerTransactionId tx) override { calls_.onServerAckTimeout(tx); }

private:
  bool deliverClaimed(sip::transaction::ClientTransactionId tx, const sip::Message& response);
  sip::transaction::TransactionUser& calls_;
  RegisterHandler registrar_;
  std::unordered_map<sip::transaction::ClientTransactionId, ResponseHandler> claimed_;
};

} // namespace sb::server
