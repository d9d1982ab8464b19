// ICMP echo at scale on loopback (127.0.0.0/8 answers on Linux's lo, and ::1): thousands of probes in
// flight over the one shared socket, the same host probed many times at once, sequence numbers wrapping,
// cancellation with replies still on their way, two prober instances (and two threads) side by side, the
// socket closed when idle, and the packet format read back from raw bytes. Only loopback is ever probed.
#include "core/sweep/icmpechochannel.h"
#include "core/sweep/icmpechopacket.h"
#include "core/sweep/icmpechoprober.h"
#include "core/sweep/icmpechosender.h"
#include "core/sweep/sweeprunner.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <chrono>
#include <cstring>
#include <vector>

#include <sys/socket.h>
#include <unistd.h>

using namespace infrahub;

namespace {

QHostAddress loopback(int n, int base = 0x7f500000) { // 127.80.0.0 + n
    return QHostAddress(quint32(base + n));
}

// Starts one probe per address at once (tasks are eager: every request is sent before this returns) and
// waits for all of them.
std::vector<ProbeResult> probeAll(IcmpEchoProber &prober, const QList<QHostAddress> &hosts, int timeoutMs,
                                  CancellationToken token = {}) {
    ProbeOptions options;
    options.timeoutMs = timeoutMs;
    std::vector<QCoro::Task<ProbeResult>> tasks;
    tasks.reserve(size_t(hosts.size()));
    for (const QHostAddress &h : hosts)
        tasks.push_back(prober.probe(h, options, token));
    std::vector<ProbeResult> results;
    for (auto &t : tasks)
        results.push_back(QCoro::waitFor(std::move(t)));
    return results;
}

int countUp(const std::vector<ProbeResult> &results) {
    return int(std::count_if(results.begin(), results.end(), [](const ProbeResult &r) { return r.isUp(); }));
}

QString firstNotUp(const std::vector<ProbeResult> &results) {
    for (const ProbeResult &r : results) {
        if (!r.isUp())
            return r.detail;
    }
    return {};
}

} // namespace

class TestSweepIcmp : public QObject {
    Q_OBJECT

    QString m_noIcmp; // why this user may not send ICMP echo, or empty

private Q_SLOTS:
    void initTestCase() {
        const IcmpEchoProber::Availability v4 = IcmpEchoProber::availability(QAbstractSocket::IPv4Protocol);
        m_noIcmp = v4.mode == IcmpEchoProber::Mode::Unavailable ? v4.reason : QString();
        qInfo("ICMP here: %s", qPrintable(v4.reason));
        IcmpEchoChannel::setIdleLingerForTesting(0); // idle sockets close at once (but see lingers...())
    }

    // Every test that sends ICMP skips when this user may not (the packet and sender tests run anyway).
    void init() {
        const QByteArray name = QTest::currentTestFunction();
        if (!m_noIcmp.isEmpty() && name != "packetsReadBack" && name != "senderWaitsOutAFullSocket")
            QSKIP(qPrintable(QStringLiteral("no ICMP sockets for this user: ") + m_noIcmp));
    }

    void idleSocketLingersForTheNextProbesThenCloses() {
        IcmpEchoChannel::setIdleLingerForTesting(300);
        QTRY_COMPARE(IcmpEchoChannel::openChannels(), 0);
        const int opened = IcmpEchoChannel::channelsOpened();
        IcmpEchoProber prober;
        QVERIFY(probeAll(prober, {QHostAddress::LocalHost}, 2000).front().isUp());
        QCOMPARE(IcmpEchoChannel::openChannels(), 1); // idle, kept for the next probe
        QTest::qWait(100);
        QVERIFY(probeAll(prober, {QHostAddress::LocalHost}, 2000).front().isUp());
        QCOMPARE(IcmpEchoChannel::channelsOpened(), opened + 1); // the same socket
        QElapsedTimer idle;
        idle.start();
        QTRY_COMPARE_WITH_TIMEOUT(IcmpEchoChannel::openChannels(), 0, 3000);
        QVERIFY2(idle.elapsed() >= 250, qPrintable(QString::number(idle.elapsed())));
        IcmpEchoChannel::setIdleLingerForTesting(0);
    }

    void packetsReadBack() {
        const icmp::Cookie cookie{1, 2, 3, 4, 5, 6, 7, 8};
        unsigned char request[icmp::kEchoRequestSize];
        icmp::writeEchoRequest(request, false, 0x1234, 0xfffe, cookie);
        QCOMPARE(int(request[0]), 8);
        // The checksum makes the whole message sum to 0xffff (one's complement).
        quint32 sum = 0;
        for (size_t i = 0; i < sizeof request; i += 2)
            sum += quint32(request[i] << 8 | request[i + 1]);
        while (sum >> 16)
            sum = (sum & 0xffff) + (sum >> 16);
        QCOMPARE(sum, 0xffffu);

        // What the host sends back: type 0, the rest echoed. As a raw IPv4 socket hands it over: with an
        // IP header (here 24 bytes, with options), else without.
        unsigned char reply[24 + icmp::kEchoRequestSize] = {};
        reply[0] = 0x46;
        reply[9] = 1;
        std::memcpy(reply + 24, request, sizeof request);
        reply[24] = 0;
        std::optional<icmp::EchoReply> r = icmp::readEchoReply(reply, sizeof reply, false, true, cookie);
        QVERIFY(r);
        QCOMPARE(r->identifier, quint16(0x1234));
        QCOMPARE(r->sequence, quint16(0xfffe));
        QVERIFY(icmp::readEchoReply(reply + 24, sizeof request, false, false, cookie));
        // Someone else's echo (another cookie), a request, truncated, or not ICMP at all: not ours.
        const icmp::Cookie other{8, 7, 6, 5, 4, 3, 2, 1};
        QVERIFY(!icmp::readEchoReply(reply, sizeof reply, false, true, other));
        QVERIFY(!icmp::readEchoReply(request, sizeof request, false, false, cookie));
        QVERIFY(!icmp::readEchoReply(reply, sizeof reply - 1, false, true, cookie));
        QVERIFY(!icmp::readEchoReply(reply, 20, false, true, cookie));
        reply[9] = 6;
        QVERIFY(!icmp::readEchoReply(reply, sizeof reply, false, true, cookie));
        // ICMPv6: 128 out, 129 back; never a header.
        icmp::writeEchoRequest(request, true, 7, 9, cookie);
        QCOMPARE(int(request[0]), 128);
        request[0] = 129;
        r = icmp::readEchoReply(request, sizeof request, true, false, cookie);
        QVERIFY(r && r->sequence == 9);
    }

    void senderWaitsOutAFullSocket() {
        // The sending thread against a socket whose peer does not read: a Unix datagram pair whose
        // receive queue is full answers EAGAIN, as a raw socket with a full send buffer would. The request
        // goes out once the peer reads, within its deadline, or fails as "transient" after it.
        int pair[2];
        QCOMPARE(::socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, pair), 0);
        const char byte = 0;
        while (::send(pair[0], &byte, 1, 0) == 1) {
        }
        QCOMPARE(errno, EAGAIN);
        auto request = [](quint64 serial, int giveUpInMs) {
            std::vector<icmp::Outgoing> batch(1);
            icmp::Outgoing &r = batch.front();
            r.serial = serial;
            r.giveUpNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             (std::chrono::steady_clock::now() + std::chrono::milliseconds(giveUpInMs))
                                 .time_since_epoch())
                             .count(); // the sender's clock
            r.size = 1;
            r.toLength = 0; // the connected peer
            return batch;
        };
        std::vector<icmp::Sent> sent;
        {
            icmp::EchoSender sender(pair[0]);
            QVERIFY(sender.hasThread());
            QElapsedTimer clock;
            clock.start();
            std::vector<icmp::Outgoing> first = request(1, 2000);
            sender.send(first);
            QThread::msleep(150);
            sender.takeSent(sent);
            QCOMPARE(sent.size(), size_t(0)); // still waiting for room, not failed
            char drain[16];
            while (::recv(pair[1], drain, sizeof drain, 0) > 0) {
            }
            while (sent.empty() && clock.elapsed() < 5000) {
                QThread::msleep(5);
                sender.takeSent(sent);
            }
            QCOMPARE(sent.size(), size_t(1));
            QCOMPARE(sent[0].serial, quint64(1));
            QCOMPARE(sent[0].error, 0);
            QVERIFY(sent[0].sentNs > 0);

            // Full again, and nobody reads: given up after its deadline, as a transient failure.
            while (::send(pair[0], &byte, 1, 0) == 1) {
            }
            sent.clear();
            clock.restart();
            std::vector<icmp::Outgoing> second = request(2, 100);
            sender.send(second);
            while (sent.empty() && clock.elapsed() < 5000) {
                QThread::msleep(5);
                sender.takeSent(sent);
            }
            QCOMPARE(sent.size(), size_t(1));
            QCOMPARE(sent[0].error, EAGAIN);
            QVERIFY(sent[0].transient);
            QVERIFY2(clock.elapsed() >= 90, qPrintable(QString::number(clock.elapsed())));
        } // stops and joins its thread
        ::close(pair[0]);
        ::close(pair[1]);
    }

    void thousandsInFlightShareOneSocket() {
        QTRY_COMPARE(IcmpEchoChannel::openChannels(), 0);
        IcmpEchoProber prober;
        QList<QHostAddress> hosts;
        for (int i = 1; i <= 3000; ++i)
            hosts.append(loopback(i));
        ProbeOptions options;
        options.timeoutMs = 5000;
        std::vector<QCoro::Task<ProbeResult>> tasks;
        for (const QHostAddress &h : hosts)
            tasks.push_back(prober.probe(h, options, {}));
        QCOMPARE(IcmpEchoChannel::openChannels(), 1); // 3,000 in flight, one socket
        std::vector<ProbeResult> results;
        for (auto &t : tasks)
            results.push_back(QCoro::waitFor(std::move(t)));
        QVERIFY2(countUp(results) == 3000, qPrintable(firstNotUp(results)));
        for (const ProbeResult &r : results) {
            QVERIFY(r.latencyMs >= 0 && r.latencyMs < options.timeoutMs);
            QCOMPARE(r.method, QStringLiteral("icmp-echo"));
        }
        // Idle: the socket is closed (at once here: the tests set no linger).
        QTRY_COMPARE(IcmpEchoChannel::openChannels(), 0);
    }

    void oneHostManyTimesAtOnceAndSequenceWrap() {
        // 600 requests to the same address in flight: each has its own sequence number, and the numbers
        // cross 65,535 -> 0 on the way.
        IcmpEchoChannel::setFirstSequenceForTesting(65'300);
        IcmpEchoProber prober;
        QList<QHostAddress> hosts(600, QHostAddress::LocalHost);
        for (int i = 0; i < 300; ++i)
            hosts.append(loopback(i, 0x7f510000));
        const std::vector<ProbeResult> results = probeAll(prober, hosts, 5000);
        QVERIFY2(countUp(results) == hosts.size(), qPrintable(firstNotUp(results)));
    }

    void cancelledWithRepliesOnTheWay() {
        // 200 requests are sent, then the token is cancelled before the event loop runs. A probe ends up
        // (its reply was read first) or cancelled, never anything else; replies that arrive for cancelled
        // probes are dropped, and the prober goes on working. (Cancelling probes that would wait for
        // their whole timeout is tst_sweepnetns' part: on loopback every address answers.)
        IcmpEchoProber prober;
        CancellationSource stop;
        ProbeOptions options;
        options.timeoutMs = 5000;
        std::vector<QCoro::Task<ProbeResult>> tasks;
        for (int i = 1; i <= 200; ++i)
            tasks.push_back(prober.probe(loopback(i, 0x7f520000), options, stop.token()));
        stop.cancel();
        QElapsedTimer clock;
        clock.start();
        for (auto &t : tasks) {
            const ProbeResult r = QCoro::waitFor(std::move(t));
            if (!r.isUp()) {
                QCOMPARE(r.state, ProbeResult::State::Error);
                QCOMPARE(r.detail, QStringLiteral("cancelled"));
            }
        }
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        QTest::qWait(50);
        const std::vector<ProbeResult> again = probeAll(prober, {loopback(1, 0x7f520000)}, 2000);
        QVERIFY(again.front().isUp());

        // Cancelled before it starts: nothing is sent.
        const ProbeResult early =
            QCoro::waitFor(prober.probe(QHostAddress::LocalHost, options, stop.token()));
        QCOMPARE(early.state, ProbeResult::State::Error);
        QCOMPARE(early.detail, QStringLiteral("cancelled"));
        QTRY_COMPARE(IcmpEchoChannel::openChannels(), 0);
    }

    void instancesAndThreadsDoNotStealReplies() {
        // Two instances in this thread and one in another thread probe the same addresses at the same
        // time. The other thread has its own socket; with raw sockets each socket sees every reply, so
        // each must take only its own.
        QList<QHostAddress> hosts;
        for (int i = 1; i <= 400; ++i)
            hosts.append(loopback(i, 0x7f530000));
        int otherUp = -1;
        QString otherDetail;
        // The same first sequence number on both sockets: requests to the same address carry the same
        // (sequence, address) in both threads, so only the identifier and the cookie tell them apart.
        IcmpEchoChannel::setFirstSequenceForTesting(100);
        QThread *other = QThread::create([&] {
            IcmpEchoChannel::setFirstSequenceForTesting(100);
            IcmpEchoProber prober;
            const std::vector<ProbeResult> results = probeAll(prober, hosts + hosts, 5000);
            otherUp = countUp(results);
            otherDetail = firstNotUp(results);
        });
        other->start();
        IcmpEchoProber first;
        IcmpEchoProber second;
        ProbeOptions options;
        options.timeoutMs = 5000;
        std::vector<QCoro::Task<ProbeResult>> tasks;
        for (const QHostAddress &h : hosts) {
            tasks.push_back(first.probe(h, options, {}));
            tasks.push_back(second.probe(h, options, {}));
        }
        std::vector<ProbeResult> results;
        for (auto &t : tasks)
            results.push_back(QCoro::waitFor(std::move(t)));
        QVERIFY(other->wait(30'000));
        delete other;
        QVERIFY2(countUp(results) == 800, qPrintable(firstNotUp(results)));
        QVERIFY2(otherUp == 800, qPrintable(otherDetail));
    }

    void ipv6Loopback() {
        const IcmpEchoProber::Availability v6 = IcmpEchoProber::availability(QAbstractSocket::IPv6Protocol);
        if (v6.mode == IcmpEchoProber::Mode::Unavailable)
            QSKIP(qPrintable(v6.reason));
        IcmpEchoProber prober;
        const std::vector<ProbeResult> single = probeAll(prober, {QHostAddress::LocalHostIPv6}, 2000);
        if (!single.front().isUp())
            QSKIP(qPrintable(QStringLiteral("::1 does not answer here: ") + single.front().detail));
        // Both families at once: two sockets, each with its own replies.
        QList<QHostAddress> hosts(300, QHostAddress::LocalHostIPv6);
        for (int i = 1; i <= 300; ++i)
            hosts.append(loopback(i, 0x7f540000));
        const std::vector<ProbeResult> results = probeAll(prober, hosts, 5000);
        QVERIFY2(countUp(results) == hosts.size(), qPrintable(firstNotUp(results)));
        QTRY_COMPARE(IcmpEchoChannel::openChannels(), 0);
    }

    void sweepOfABlockWithTries() {
        // The runner over 4,094 loopback hosts, 256 at once, 2 tries: everything answers on the first.
        QString error;
        SweepRunner::Options options;
        options.probe.timeoutMs = 2000;
        options.probe.tries = 2;
        SweepRunner sweep(*SweepTargets::parse(QStringLiteral("127.81.0.0/20"), &error),
                          std::make_shared<IcmpEchoProber>(), options);
        QSignalSpy finished(&sweep, &SweepRunner::finished);
        sweep.start();
        QVERIFY(finished.wait(30'000));
        QCOMPARE(sweep.count(ProbeResult::State::Up), 4094);
        QTRY_COMPARE(IcmpEchoChannel::openChannels(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSweepIcmp)
#include "tst_sweepicmp.moc"
