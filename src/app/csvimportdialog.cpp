#include "csvimportdialog.h"

#include "core/views/csvtext.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

CsvImportDialog::CsvImportDialog(const infrahub::KindSchema &kind, const infrahub::SchemaSet &schema,
                                 const QString &branch, QWidget *parent)
    : QDialog(parent)
    , m_kind(kind)
    , m_schema(schema)
    , m_branch(branch) {
    setWindowTitle(tr("Import %1 objects from CSV").arg(kind.kind));
    m_path = new QLineEdit;
    m_path->setReadOnly(true);
    auto *browse = new QPushButton(tr("&Choose File…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("CSV file"), QString(), tr("CSV (*.csv);;All files (*)"));
        if (!path.isEmpty())
            loadFile(path);
    });
    m_mapping = new QLabel;
    m_mapping->setWordWrap(true);
    m_invalid = new QTableWidget(0, 2);
    m_invalid->setHorizontalHeaderLabels({tr("Line"), tr("Why it cannot be imported")});
    m_invalid->horizontalHeader()->setStretchLastSection(true);
    m_invalid->verticalHeader()->hide();
    m_invalid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_allOrNothing = new QCheckBox(tr("All or nothing: on a new branch, merged into %1 only if every row "
                                      "succeeds")
                                       .arg(branch));
    m_concurrency = new QSpinBox;
    m_concurrency->setRange(1, 50);
    m_concurrency->setValue(5);
    m_message = new QLabel;
    m_message->setWordWrap(true);
    m_dryRun = new QPushButton(tr("&Dry Run"));
    m_import = new QPushButton(tr("&Import"));
    auto *cancel = new QPushButton(tr("Cancel"));
    connect(m_dryRun, &QPushButton::clicked, this, [this] {
        m_choice = Choice::DryRun;
        accept();
    });
    connect(m_import, &QPushButton::clicked, this, [this] {
        m_choice = Choice::Import;
        accept();
    });
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_allOrNothing, &QCheckBox::toggled, this, &CsvImportDialog::update);

    auto *file = new QHBoxLayout;
    file->addWidget(m_path, 1);
    file->addWidget(browse);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_dryRun);
    buttons->addWidget(m_import);
    buttons->addWidget(cancel);
    auto *form = new QFormLayout;
    form->addRow(tr("&File:"), file);
    form->addRow(tr("Columns:"), m_mapping);
    form->addRow(tr("&Concurrency:"), m_concurrency);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_invalid, 1);
    layout->addWidget(m_allOrNothing);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    resize(640, 420);
    update();
}

bool CsvImportDialog::loadFile(const QString &path) {
    m_path->setText(path);
    m_plan.reset();
    QFile file(path);
    QString error;
    if (!file.open(QIODevice::ReadOnly)) {
        error = tr("Cannot read %1: %2").arg(path, file.errorString());
    } else if (const std::optional<QList<QStringList>> rows = infrahub::parseCsv(file.readAll(), &error)) {
        m_plan = std::make_shared<const infrahub::CsvImportPlan>(
            infrahub::CsvImportPlan::make(*rows, m_kind, m_schema));
        error = m_plan->problem();
    } else {
        error = tr("%1 is not CSV: %2").arg(path, error);
    }
    update();
    if (!error.isEmpty()) {
        m_message->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_message->setText(error);
        m_dryRun->setEnabled(false);
        m_import->setEnabled(false);
        return false;
    }
    return true;
}

void CsvImportDialog::update() {
    m_invalid->setRowCount(0);
    m_message->setStyleSheet({});
    if (!m_plan) {
        m_mapping->setText(
            tr("Choose a CSV file whose first line names the columns (attribute or relationship "
               "names or labels of %1).")
                .arg(m_kind.kind));
        m_message->clear();
        m_dryRun->setEnabled(false);
        m_import->setEnabled(false);
        return;
    }
    QStringList mapped;
    for (const infrahub::CsvImportPlan::Column &c : m_plan->columns())
        if (!c.field.isEmpty())
            mapped.append(c.header == c.field ? c.field : QStringLiteral("%1 → %2").arg(c.header, c.field));
    QString mapping = mapped.join(QStringLiteral(", "));
    if (!m_plan->unknownColumns().isEmpty())
        mapping +=
            tr("; not imported (no such field): %1").arg(m_plan->unknownColumns().join(QStringLiteral(", ")));
    m_mapping->setText(mapping);
    for (const infrahub::CsvImportPlan::Row &r : m_plan->rows()) {
        if (r.isValid())
            continue;
        const int row = m_invalid->rowCount();
        m_invalid->insertRow(row);
        m_invalid->setItem(row, 0, new QTableWidgetItem(QString::number(r.line)));
        m_invalid->setItem(row, 1, new QTableWidgetItem(r.error));
    }
    const int invalid = int(m_plan->rows().size()) - m_plan->validRows();
    const bool usable = m_plan->problem().isEmpty() && !m_plan->rows().isEmpty();
    const bool blocked = m_allOrNothing->isChecked() && invalid > 0;
    m_dryRun->setEnabled(usable);
    m_import->setEnabled(usable && !blocked && m_plan->validRows() > 0);
    m_message->setText(message());
    if (blocked)
        m_message->setStyleSheet(QStringLiteral("color: #c62828;"));
}

QString CsvImportDialog::message() const {
    if (!m_plan)
        return {};
    const int invalid = int(m_plan->rows().size()) - m_plan->validRows();
    if (m_allOrNothing->isChecked() && invalid > 0)
        return tr("All or nothing: %n row(s) cannot be imported; fix them first (nothing will be imported).",
                  nullptr, invalid);
    return tr("%1 of %n row(s) can be imported; %2 cannot.", nullptr, int(m_plan->rows().size()))
        .arg(m_plan->validRows())
        .arg(invalid);
}

bool CsvImportDialog::allOrNothing() const {
    return m_allOrNothing->isChecked();
}

int CsvImportDialog::concurrency() const {
    return m_concurrency->value();
}

QString CsvImportDialog::branchName() const {
    return QStringLiteral("import-%1")
        .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
}

bool CsvImportDialog::setAllOrNothing(bool on) {
    m_allOrNothing->setChecked(on);
    update();
    return m_import->isEnabled();
}
