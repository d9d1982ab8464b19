// File ▸ Import Objects from CSV: reads a CSV file for the shown kind, shows how its columns map to the
// schema and which rows cannot be read (and why), then runs a dry run (each row: create, update or why
// not) or the import as a job. "All or nothing" refuses a file with invalid rows and runs the import on a
// new branch that is merged only when every row succeeded, so the base branch gets all rows or none.
#pragma once

#include "core/jobs/csvimport.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

class CsvImportDialog : public QDialog {
    Q_OBJECT

public:
    enum class Choice { DryRun, Import };

    // `schema` must outlive the dialog.
    CsvImportDialog(const infrahub::KindSchema &kind, const infrahub::SchemaSet &schema,
                    const QString &branch, QWidget *parent = nullptr);

    // Reads `path` and shows its plan; false with the reason shown when the file cannot be used.
    bool loadFile(const QString &path);
    std::shared_ptr<const infrahub::CsvImportPlan> plan() const { return m_plan; }
    QString message() const;
    Choice choice() const { return m_choice; }
    bool allOrNothing() const;
    int concurrency() const;
    // The branch an all-or-nothing import runs on.
    QString branchName() const;
    // Tests: sets "all or nothing"; returns whether Import is possible then.
    bool setAllOrNothing(bool on);

private:
    void update();

    infrahub::KindSchema m_kind;
    const infrahub::SchemaSet &m_schema;
    QString m_branch;
    std::shared_ptr<const infrahub::CsvImportPlan> m_plan;
    Choice m_choice = Choice::DryRun;
    QLineEdit *m_path;
    QLabel *m_mapping;
    QTableWidget *m_invalid;
    QCheckBox *m_allOrNothing;
    QSpinBox *m_concurrency;
    QLabel *m_message;
    QPushButton *m_dryRun;
    QPushButton *m_import;
};
