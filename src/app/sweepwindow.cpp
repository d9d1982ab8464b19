#include "sweepwindow.h"

#include "core/sweep/icmpechoprober.h"
#include "core/sweep/tcpconnectprober.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

using infrahub::ProbeResult;
using infrahub::SweepRunner;

namespace {
enum Column { AddressColumn, StateColumn, LatencyColumn, MethodColumn, DetailColumn };

QSpinBox *spin(int min, int max, int value, const QString &suffix = {}) {
    auto *box = new QSpinBox;
    box->setRange(min, max);
    box->setValue(value);
    box->setSuffix(suffix);
    return box;
}
} // namespace

SweepWindow::SweepWindow(QWidget *parent)
    : QWidget(parent, Qt::Window) {
    setWindowTitle(tr("Sweep Reachability"));
    m_targets = new QPlainTextEdit;
    m_targets->setPlaceholderText(
        tr("Addresses, CIDR blocks (10.0.0.0/24) or ranges (10.0.0.1-20), one per line "
           "or separated by commas"));
    m_targets->setMaximumHeight(80);
    m_method = new QComboBox;
    m_method->addItem(tr("ICMP echo where allowed, else TCP connect"), QStringLiteral("auto"));
    m_method->addItem(tr("ICMP echo"), QStringLiteral("icmp"));
    m_method->addItem(tr("TCP connect"), QStringLiteral("tcp"));
    m_ports = new QLineEdit(QStringLiteral("22,443"));
    m_ports->setToolTip(tr("TCP ports; a host that refuses the connection is there too"));
    m_timeout = spin(10, 600'000, 1000, tr(" ms"));
    m_tries = spin(1, 10, 1);
    m_rate = spin(0, 1'000'000, 1000, tr("/s"));
    m_rate->setSpecialValueText(tr("no limit"));
    m_concurrency = spin(1, 65'536, 256);
    m_start = new QPushButton(tr("&Sweep"));
    m_cancel = new QPushButton(tr("&Cancel"));
    m_export = new QPushButton(tr("E&xport CSV…"));
    m_cancel->setEnabled(false);
    m_export->setEnabled(false);
    m_progress = new QProgressBar;
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_table = new QTableWidget(0, 5);
    m_table->setHorizontalHeaderLabels(
        {tr("Address"), tr("State"), tr("Latency"), tr("Method"), tr("Detail")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto *how = new QHBoxLayout;
    how->addWidget(m_method, 1);
    how->addWidget(new QLabel(tr("Ports:")));
    how->addWidget(m_ports);
    auto *timing = new QHBoxLayout;
    for (auto [label, box] : {std::pair{tr("Timeout"), m_timeout}, std::pair{tr("Tries"), m_tries},
                              std::pair{tr("Rate"), m_rate}, std::pair{tr("At once"), m_concurrency}}) {
        timing->addWidget(new QLabel(label));
        timing->addWidget(box);
    }
    timing->addStretch(1);
    auto *form = new QFormLayout;
    form->addRow(tr("&Targets:"), m_targets);
    form->addRow(tr("Method:"), how);
    form->addRow(QString(), timing);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    resize(820, 560);

    connect(m_start, &QPushButton::clicked, this, &SweepWindow::start);
    connect(m_cancel, &QPushButton::clicked, this, &SweepWindow::cancel);
    connect(m_method, &QComboBox::currentIndexChanged, this,
            [this] { m_ports->setEnabled(m_method->currentData().toString() != u"icmp"); });
    connect(m_export, &QPushButton::clicked, this, [this] {
        if (!m_runner)
            return;
        const QString path = QFileDialog::getSaveFileName(this, tr("Export sweep"),
                                                          QStringLiteral("sweep.csv"), tr("CSV (*.csv)"));
        if (path.isEmpty())
            return;
        QSaveFile file(path); // the old file stays unless the whole export was written
        if (!file.open(QIODevice::WriteOnly) || file.write(m_runner->csv()) < 0 || !file.commit())
            QMessageBox::warning(this, tr("Export failed"),
                                 tr("Cannot write %1: %2").arg(path, file.errorString()));
    });
}

void SweepWindow::setTargets(const QString &text) {
    m_targets->setPlainText(text);
}

void SweepWindow::setMethod(const QString &method, const QString &ports) {
    m_method->setCurrentIndex(std::max(0, m_method->findData(method)));
    if (!ports.isEmpty())
        m_ports->setText(ports);
}

void SweepWindow::setTiming(int timeoutMs, int tries, int rate, int concurrency) {
    m_timeout->setValue(timeoutMs);
    m_tries->setValue(tries);
    m_rate->setValue(rate);
    m_concurrency->setValue(concurrency);
}

bool SweepWindow::start() {
    if (m_runner && m_runner->isRunning())
        return false;
    auto fail = [this](const QString &why) {
        m_status->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_status->setText(why);
        return false;
    };
    QString error;
    const std::optional<infrahub::SweepTargets> targets =
        infrahub::SweepTargets::parse(m_targets->toPlainText(), &error);
    if (!targets)
        return fail(error);
    if (targets->needsConfirmation() &&
        QMessageBox::question(this, tr("Large sweep"), tr("Sweep %1 hosts?").arg(targets->size()),
                              QMessageBox::Yes | QMessageBox::Cancel,
                              QMessageBox::Cancel) != QMessageBox::Yes)
        return false;

    // The method, and in words why it is the one used.
    std::shared_ptr<infrahub::Prober> prober;
    QString why;
    const QString method = m_method->currentData().toString();
    QList<quint16> ports;
    for (const QString &p : m_ports->text().split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int port = p.trimmed().toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return fail(
                tr("Ports are numbers from 1 to 65535, separated by commas (not “%1”).").arg(p.trimmed()));
        ports.append(quint16(port));
    }
    if (method != u"tcp") {
        const infrahub::IcmpEchoProber::Availability icmp =
            infrahub::IcmpEchoProber::availability(targets->hosts().first().protocol());
        if (icmp.mode != infrahub::IcmpEchoProber::Mode::Unavailable) {
            prober = std::make_shared<infrahub::IcmpEchoProber>();
            why = icmp.reason;
        } else if (method == u"icmp") {
            return fail(icmp.reason);
        } else {
            why = icmp.reason + tr(" — using TCP connect instead.");
        }
    }
    if (!prober) {
        if (ports.isEmpty())
            return fail(tr("Name the TCP ports to try."));
        prober = std::make_shared<infrahub::TcpConnectProber>(ports);
        if (why.isEmpty())
            why = tr("TCP connect, as chosen.");
    }
    SweepRunner::Options options;
    options.probe.timeoutMs = m_timeout->value();
    options.probe.tries = m_tries->value();
    options.ratePerSecond = m_rate->value();
    options.concurrency = m_concurrency->value();
    m_runner = std::make_unique<SweepRunner>(*targets, prober, options);
    connect(m_runner.get(), &SweepRunner::hostDone, this, &SweepWindow::onHostDone);
    connect(m_runner.get(), &SweepRunner::finished, this, &SweepWindow::onFinished);

    m_table->setRowCount(0);
    m_table->setRowCount(int(targets->size()));
    for (int r = 0; r < targets->size(); ++r) {
        m_table->setItem(r, AddressColumn, new QTableWidgetItem(targets->hosts().at(r).toString()));
        for (int c = StateColumn; c <= DetailColumn; ++c)
            m_table->setItem(r, c, new QTableWidgetItem);
    }
    m_progress->setRange(0, int(targets->size()));
    m_progress->setValue(0);
    m_status->setStyleSheet({});
    m_status->setText(
        tr("Sweeping %n host(s): %1. %2", nullptr, int(targets->size())).arg(m_runner->describe(), why));
    m_start->setEnabled(false);
    m_cancel->setEnabled(true);
    m_export->setEnabled(false);
    m_runner->start();
    return true;
}

void SweepWindow::cancel() {
    if (m_runner)
        m_runner->cancel();
}

void SweepWindow::onHostDone(int index) {
    const SweepRunner::HostResult &h = m_runner->results().at(index);
    const bool up = h.result.isUp();
    m_table->item(index, StateColumn)
        ->setText(up                                           ? tr("up")
                  : h.result.state == ProbeResult::State::Down ? tr("down")
                                                               : tr("error"));
    m_table->item(index, StateColumn)
        ->setForeground(up ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
    m_table->item(index, LatencyColumn)
        ->setText(h.result.latencyMs >= 0 ? QStringLiteral("%1 ms").arg(h.result.latencyMs, 0, 'f', 2)
                                          : QString());
    m_table->item(index, MethodColumn)->setText(h.result.method);
    m_table->item(index, DetailColumn)->setText(h.result.detail);
    updateProgress();
}

void SweepWindow::updateProgress() {
    m_progress->setValue(m_runner->done());
}

void SweepWindow::onFinished() {
    for (int r = 0; r < m_runner->results().size(); ++r)
        if (!m_runner->results().at(r).probed)
            m_table->item(r, StateColumn)->setText(tr("not probed"));
    updateProgress();
    m_status->setText(
        tr("%1 up, %2 down, %3 not probed of %4 in %5 s%6")
            .arg(m_runner->count(ProbeResult::State::Up))
            .arg(m_runner->count(ProbeResult::State::Down) + m_runner->count(ProbeResult::State::Error))
            .arg(m_runner->results().size() - m_runner->done())
            .arg(m_runner->results().size())
            .arg(m_runner->elapsedMs() / 1000.0, 0, 'f', 2)
            .arg(m_runner->wasCancelled() ? tr(" (cancelled)") : QString()));
    m_start->setEnabled(true);
    m_cancel->setEnabled(false);
    m_export->setEnabled(true);
    Q_EMIT finished();
}

QString SweepWindow::statusText() const {
    return m_status->text();
}

int SweepWindow::shownRows() const {
    return m_table->rowCount();
}

QString SweepWindow::rowState(int row) const {
    const QTableWidgetItem *item = m_table->item(row, StateColumn);
    return item ? item->text() : QString();
}
