#include "sweepwindow.h"
#include "spinbox.h"

#include "latencychart.h"
#include "sweepresultsfilter.h"
#include "sweepresultsmodel.h"

#include "core/client/infrahubclient.h"
#include "core/sweep/probechoice.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QThreadPool>
#include <QVBoxLayout>

using infrahub::ProbeResult;
using infrahub::SweepHistory;
using infrahub::SweepRunner;

namespace {

const char *const kShowNames[] = {"all",    "up", "down", "not-probed", "alive-not-in-ipam", "silent-in-ipam",
                                  "changed"};
} // namespace

SweepWindow::SweepWindow(QWidget *parent)
    : QWidget(parent, Qt::Window) {
    setWindowTitle(tr("Sweep Reachability"));
    m_historyDirectory = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                             .filePath(QStringLiteral("sweeps"));

    m_targets = new QPlainTextEdit;
    m_targets->setPlaceholderText(
        tr("Addresses, CIDR blocks (10.0.0.0/24) or ranges (10.0.0.1-20), one per line "
           "or separated by commas"));
    m_targets->setMaximumHeight(70);
    m_method = new QComboBox;
    m_method->addItem(tr("ICMP echo where allowed, else TCP connect"), QStringLiteral("auto"));
    m_method->addItem(tr("ICMP echo"), QStringLiteral("icmp"));
    m_method->addItem(tr("TCP connect"), QStringLiteral("tcp"));
    m_method->addItem(tr("System ping (one process per try: the heaviest)"), QStringLiteral("ping"));
    m_ports = new QLineEdit(QStringLiteral("22,443"));
    m_ports->setToolTip(tr("TCP ports; a host that refuses the connection is there too"));
    m_timeout = makeSpinBox(10, 600'000, 1000, tr(" ms"));
    m_tries = makeSpinBox(1, 10, 1);
    m_rate = makeSpinBox(0, 1'000'000, 1000, tr("/s"));
    m_rate->setSpecialValueText(tr("no limit"));
    m_concurrency = makeSpinBox(1, 65'536, 256);
    m_confirmAbove = makeSpinBox(1, int(infrahub::SweepTargets::kMaxHosts), 4096);
    m_confirmAbove->setValue(QSettings().value(QStringLiteral("sweep/confirmAbove"), 4096).toInt());
    m_confirmAbove->setToolTip(tr("Sweeps of more hosts than this are confirmed before anything is sent"));
    m_start = new QPushButton(tr("&Sweep"));
    m_cancel = new QPushButton(tr("&Cancel"));
    m_export = new QPushButton(tr("E&xport CSV…"));
    m_reconcile = new QPushButton(tr("&Reconcile with Infrahub…"));
    m_reconcile->setToolTip(tr("Create the addresses that answered but are not in IPAM, and mark the "
                               "silent ones, as a batch on a new branch"));
    m_cancel->setEnabled(false);
    m_export->setEnabled(false);
    m_reconcile->setEnabled(false);
    m_show = new QComboBox;
    const QStringList showLabels{tr("All hosts"),
                                 tr("Up"),
                                 tr("Down"),
                                 tr("Not probed"),
                                 tr("Alive but not in IPAM"),
                                 tr("In IPAM but silent"),
                                 tr("Changed since the last sweep")};
    for (int i = 0; i < showLabels.size(); ++i)
        m_show->addItem(showLabels.at(i), QString::fromLatin1(kShowNames[i]));
    m_progress = new QProgressBar;
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_infrahub = new QLabel;
    m_infrahub->setWordWrap(true);

    m_model = new SweepResultsModel(this);
    m_filter = new SweepResultsFilter(this);
    m_filter->setSourceModel(m_model);
    m_table = new QTableView;
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // target order until a header is clicked
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->resizeSection(SweepResultsModel::AddressColumn, 150);
    m_table->horizontalHeader()->resizeSection(SweepResultsModel::ObjectColumn, 260);
    m_table->verticalHeader()->hide();
    // Fixed row heights: a /16 is 65,534 rows, none of which may be measured one by one.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_chart = new LatencyChart;

    auto *how = new QHBoxLayout;
    how->addWidget(m_method, 1);
    how->addWidget(new QLabel(tr("Ports:")));
    how->addWidget(m_ports);
    auto *timing = new QHBoxLayout;
    for (auto [label, box] :
         {std::pair{tr("Timeout"), m_timeout}, std::pair{tr("Tries"), m_tries}, std::pair{tr("Rate"), m_rate},
          std::pair{tr("At once"), m_concurrency}, std::pair{tr("Ask above"), m_confirmAbove}}) {
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
    auto *infrahubRow = new QHBoxLayout;
    infrahubRow->addWidget(m_infrahub, 1);
    infrahubRow->addWidget(m_reconcile);
    auto *showRow = new QHBoxLayout;
    showRow->addWidget(new QLabel(tr("Show:")));
    showRow->addWidget(m_show);
    showRow->addStretch(1);
    auto *tableBox = new QWidget;
    auto *tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(showRow);
    tableLayout->addWidget(m_table, 1);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(tableBox);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addLayout(infrahubRow);
    layout->addWidget(split, 1);
    resize(980, 720);

    connect(m_confirmAbove, &QSpinBox::valueChanged, this,
            [](int hosts) { QSettings().setValue(QStringLiteral("sweep/confirmAbove"), hosts); });
    connect(m_start, &QPushButton::clicked, this, &SweepWindow::start);
    connect(m_cancel, &QPushButton::clicked, this, &SweepWindow::cancel);
    connect(m_reconcile, &QPushButton::clicked, this, &SweepWindow::reconcileRequested);
    connect(m_show, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_filter->setShow(SweepResultsFilter::Show(i)); });
    connect(m_model, &SweepResultsModel::refreshed, this, &SweepWindow::onRefreshed);
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        const QString method = m_method->currentData().toString();
        m_ports->setEnabled(method == u"tcp" || method == u"auto");
    });
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

SweepWindow::~SweepWindow() {
    m_model->setRunner(nullptr);
    m_previousLoaded.set(); // a finish() waiting for the history resumes, sees the window gone and ends
}

void SweepWindow::setTargets(const QString &text) {
    m_targets->setPlainText(text);
}

QString SweepWindow::targets() const {
    return m_targets->toPlainText();
}

void SweepWindow::showNote(const QString &text, bool isError) {
    m_status->setStyleSheet(isError ? QStringLiteral("color: #c62828;") : QString());
    m_status->setText(text);
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

void SweepWindow::setConfirmAbove(int hosts) {
    m_confirmAbove->setValue(hosts);
}

void SweepWindow::setHistoryDirectory(const QString &directory) {
    m_historyDirectory = directory;
    m_cachedKey.clear();
    m_cached.reset();
}

void SweepWindow::setInfrahub(infrahub::InfrahubClient *client, const QString &branch) {
    m_client = client;
    m_branch = branch;
}

void SweepWindow::setProberOverride(std::shared_ptr<infrahub::Prober> prober) {
    m_proberOverride = std::move(prober);
}

std::shared_ptr<infrahub::Prober> SweepWindow::chooseProber(const infrahub::SweepTargets &targets,
                                                            QString *why, QString *error) const {
    if (m_proberOverride) {
        *why = m_proberOverride->description();
        return m_proberOverride;
    }
    const std::optional<QList<quint16>> ports = infrahub::ProbeChoice::parsePorts(m_ports->text(), error);
    if (!ports)
        return nullptr;
    const QString method = m_method->currentData().toString();
    const infrahub::ProbeMethod chosen = method == u"tcp"    ? infrahub::ProbeMethod::Tcp
                                         : method == u"icmp" ? infrahub::ProbeMethod::Icmp
                                         : method == u"ping" ? infrahub::ProbeMethod::Ping
                                                             : infrahub::ProbeMethod::Auto;
    const infrahub::ProbeChoice choice = infrahub::ProbeChoice::choose(chosen, *ports, targets);
    *why = choice.why + u'.';
    *error = choice.error;
    return choice.prober;
}

bool SweepWindow::start() {
    if ((m_runner && m_runner->isRunning()) || m_finishing)
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
    if (targets->needsConfirmation(m_confirmAbove->value()) &&
        QMessageBox::question(this, tr("Large sweep"),
                              tr("Sweep %1 hosts?").arg(QLocale().toString(qlonglong(targets->size()))),
                              QMessageBox::Yes | QMessageBox::Cancel,
                              QMessageBox::Cancel) != QMessageBox::Yes)
        return false;
    QString why;
    const std::shared_ptr<infrahub::Prober> prober = chooseProber(*targets, &why, &error);
    if (!prober)
        return fail(error);

    SweepRunner::Options options;
    options.probe.timeoutMs = m_timeout->value();
    options.probe.tries = m_tries->value();
    options.ratePerSecond = m_rate->value();
    options.concurrency = m_concurrency->value();
    const QString firstLine = m_targets->toPlainText().simplified().left(40);
    options.title = tr("Sweep %1 (%n host(s))", nullptr, int(targets->size())).arg(firstLine);
    const quint64 generation = ++m_generation;
    m_model->setRunner(nullptr);
    m_runner = std::make_unique<SweepRunner>(*targets, prober, options);
    connect(m_runner.get(), &SweepRunner::finished, this, [this, generation] { finish(generation); });
    m_rounds = 0;
    connect(m_runner->job(), &infrahub::Job::stateChanged, this, [this](infrahub::Job::State state) {
        if (state == infrahub::Job::State::Running)
            ++m_rounds;
    });
    m_model->setRunner(m_runner.get());

    // What changed since the last sweep of exactly these targets: this window's last sweep, or the one
    // kept on disk. Found on a worker thread: the key hashes every address, and a /16's file is 65,534
    // addresses of JSON. The targets' list is shared, never written, so the worker reads it safely.
    m_historyKey.clear();
    m_previousLoaded = infrahub::AsyncEvent();
    m_model->setPrevious(std::nullopt);
    QPointer<SweepWindow> self(this);
    QThreadPool::globalInstance()->start([self, generation, directory = m_historyDirectory,
                                          cachedKey = m_cachedKey, hosts = targets->hosts()] {
        const QString key = SweepHistory::keyOf(hosts);
        std::optional<SweepHistory::Snapshot> previous;
        if (key != cachedKey)
            previous = SweepHistory(directory).previous(key);
        QMetaObject::invokeMethod(
            qApp,
            [self, generation, key, previous = std::move(previous)]() mutable {
                if (!self || generation != self->m_generation)
                    return;
                self->m_historyKey = key;
                self->m_model->setPrevious(key == self->m_cachedKey ? self->m_cached : std::move(previous));
                self->m_previousLoaded.set();
            },
            Qt::QueuedConnection);
    });
    m_latencies.clear();
    m_counted.fill(false, targets->size());
    m_latenciesCounted = 0;
    m_chart->showHistogram(m_latencies);
    m_reconciliation = {};
    m_reconcile->setEnabled(false);
    if (m_client) {
        m_inventoryLoading = true;
        m_inventoryError.clear();
        m_infrahub->setText(tr("Reading IPAM from Infrahub…"));
        loadInventory(generation);
    } else {
        m_inventory.reset();
        m_model->setInventory(nullptr);
        m_infrahub->setText(tr("Not connected to Infrahub: results are not matched to objects."));
    }

    m_progress->setRange(0, int(targets->size()));
    m_progress->setValue(0);
    m_status->setStyleSheet({});
    m_statusLead =
        tr("Sweeping %n host(s): %1. %2", nullptr, int(targets->size())).arg(m_runner->describe(), why);
    m_status->setText(m_statusLead);
    m_start->setEnabled(false);
    m_cancel->setEnabled(true);
    m_export->setEnabled(false);
    m_runner->start();
    if (m_runner) // a sweep that ended at once (nothing to wait for) is still a job to account for
        Q_EMIT jobStarted(m_runner->job());
    return true;
}

QCoro::Task<> SweepWindow::loadInventory(quint64 generation) {
    QPointer<SweepWindow> self(this);
    QCoro::Task<infrahub::Result<infrahub::IpamInventory>> loading =
        infrahub::IpamInventory::load(m_client, m_branch, infrahub::CancellationToken());
    infrahub::Result<infrahub::IpamInventory> loaded = co_await loading;
    if (!self || generation != m_generation)
        co_return; // closed, or a newer sweep asked again
    m_inventoryLoading = false;
    if (loaded) {
        m_inventory = std::make_shared<const infrahub::IpamInventory>(std::move(loaded.value()));
        m_model->setInventory(m_inventory);
    } else {
        m_inventory.reset();
        m_model->setInventory(nullptr);
        m_inventoryError = loaded.error().message;
    }
    updateReconciliation();
    Q_EMIT inventoryLoaded();
}

void SweepWindow::cancel() {
    if (m_runner)
        m_runner->cancel();
}

void SweepWindow::onRefreshed() {
    if (!m_runner)
        return;
    // Latencies of the hosts probed since the last refresh (a retry may probe a host again).
    const QList<SweepRunner::HostResult> &results = m_runner->results();
    if (m_latenciesCounted < m_runner->done() || !m_runner->isRunning()) {
        for (qsizetype i = 0; i < results.size(); ++i)
            if (results.at(i).probed && !m_counted.at(i)) {
                m_counted[i] = true;
                ++m_latenciesCounted;
                if (results.at(i).result.isUp())
                    m_latencies.add(results.at(i).result.latencyMs);
            }
        m_chart->showHistogram(m_latencies);
    }
    m_progress->setValue(m_runner->done());
    if (m_runner->isRunning())
        m_status->setText(
            tr("%1 — %2 up, %3 down so far")
                .arg(m_statusLead)
                .arg(m_runner->count(ProbeResult::State::Up))
                .arg(m_runner->count(ProbeResult::State::Down) + m_runner->count(ProbeResult::State::Error)));
}

QCoro::Task<> SweepWindow::finish(quint64 generation) {
    // A /16 ends with 65,534 results to count, compare and keep: done over several event-loop passes, so
    // the window repaints between them instead of freezing for a few frames.
    QPointer<SweepWindow> self(this);
    m_finishing = true;
    auto stillOurs = [&self, generation] {
        return self && generation == self->m_generation;
    };
    const infrahub::AsyncEvent previousLoaded = m_previousLoaded;
    QCoro::Task<infrahub::WaitOutcome> loading = previousLoaded.wait();
    co_await loading; // the comparison needs the last sweep (set at once when it was in memory)
    if (!stillOurs())
        co_return;
    m_model->flush();
    QCoro::Task<> pass = infrahub::nextEventLoopPass();
    co_await pass;
    if (!stillOurs())
        co_return;
    if (m_rounds > 1) {
        // "Retry Failed" probed hosts again: count the latencies from scratch.
        m_latencies.clear();
        m_counted.fill(false);
        m_latenciesCounted = 0;
    }
    onRefreshed();
    QCoro::Task<> pass2 = infrahub::nextEventLoopPass();
    co_await pass2;
    if (!stillOurs())
        co_return;

    const int up = m_runner->count(ProbeResult::State::Up);
    const int down = m_runner->count(ProbeResult::State::Down) + m_runner->count(ProbeResult::State::Error);
    const int notProbed = int(m_runner->results().size()) - m_runner->done();
    QString text = tr("%1 up, %2 down, %3 not probed of %4 in %5 s%6")
                       .arg(up)
                       .arg(down)
                       .arg(notProbed)
                       .arg(m_runner->results().size())
                       .arg(m_runner->elapsedMs() / 1000.0, 0, 'f', 2)
                       .arg(m_runner->wasCancelled() ? tr(" (cancelled)") : QString());
    if (const auto &before = m_model->previous()) {
        const QHash<SweepHistory::Change, int> changes = m_model->changeCounts();
        text += tr(". Since the sweep of %1: %2 new up, %3 new down")
                    .arg(QLocale().toString(before->when.toLocalTime(), QLocale::ShortFormat))
                    .arg(changes.value(SweepHistory::Change::NewUp))
                    .arg(changes.value(SweepHistory::Change::NewDown));
    }
    m_status->setText(text + u'.');
    // The next sweep of these targets compares with this one as soon as finished() is out.
    const infrahub::AsyncEvent kept = keepForComparison();
    QCoro::Task<infrahub::WaitOutcome> keeping = kept.wait();
    co_await keeping;
    if (!stillOurs())
        co_return;

    m_finishing = false;
    m_start->setEnabled(true);
    m_cancel->setEnabled(false);
    m_export->setEnabled(true);
    updateReconciliation();
    Q_EMIT finished();
}

infrahub::AsyncEvent SweepWindow::keepForComparison() {
    // Kept in memory for the next sweep of these targets in this session, and written to disk; both on a
    // worker thread: merging and writing 65,534 addresses is not work for the window's thread. The
    // results are an implicitly shared copy, so the worker reads a snapshot even if a retry starts.
    QPointer<SweepWindow> self(this);
    infrahub::AsyncEvent kept;
    QThreadPool::globalInstance()->start([self, kept, directory = m_historyDirectory, key = m_historyKey,
                                          previous = m_model->previous(), results = m_runner->results()] {
        const SweepHistory::Snapshot snapshot = SweepHistory::merged(previous, results);
        QMetaObject::invokeMethod(
            qApp,
            [self, kept, key, snapshot]() mutable {
                if (self) {
                    self->m_cachedKey = key;
                    self->m_cached = snapshot;
                }
                kept.set(); // also when the window is gone: its finish() then ends
            },
            Qt::QueuedConnection);
        QString error;
        if (SweepHistory(directory).write(key, snapshot, &error))
            return;
        QMetaObject::invokeMethod(
            qApp,
            [self, error] {
                if (self)
                    self->showNote(self->statusText() +
                                       tr(" This sweep could not be kept for comparison: %1").arg(error),
                                   true);
            },
            Qt::QueuedConnection);
    });
    return kept;
}

void SweepWindow::updateReconciliation() {
    if (!m_runner || m_runner->isRunning()) {
        return;
    }
    if (m_inventoryLoading) {
        m_infrahub->setText(tr("Reading IPAM from Infrahub…"));
        return;
    }
    if (!m_inventory) {
        if (!m_inventoryError.isEmpty())
            m_infrahub->setText(tr("Could not read IPAM from Infrahub: %1").arg(m_inventoryError));
        return;
    }
    m_reconciliation = infrahub::SweepReconciliation::compute(m_runner->results(), *m_inventory);
    int referred = 0;
    for (const infrahub::IpamInventory::Address &a : std::as_const(m_reconciliation.silentInIpam))
        referred += a.referrers.isEmpty() ? 0 : 1;
    m_infrahub->setText(
        tr("Infrahub: %1 alive but not in IPAM; %2 in IPAM but silent (%3 of them a device's address).")
            .arg(m_reconciliation.aliveNotInIpam.size())
            .arg(m_reconciliation.silentInIpam.size())
            .arg(referred));
    m_reconcile->setEnabled(!m_reconciliation.isEmpty());
}

QString SweepWindow::statusText() const {
    return m_status->text();
}

QString SweepWindow::infrahubText() const {
    return m_infrahub->text();
}

int SweepWindow::shownRows() const {
    m_model->flush();
    return m_filter->rowCount();
}

QString SweepWindow::rowText(int row, int column) const {
    m_model->flush();
    return m_filter->index(row, column).data().toString();
}

QString SweepWindow::rowState(int row) const {
    return rowText(row, SweepResultsModel::StateColumn);
}

void SweepWindow::setShow(const QString &show) {
    m_show->setCurrentIndex(std::max(0, m_show->findData(show)));
}
