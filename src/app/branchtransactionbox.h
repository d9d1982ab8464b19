// The "run it on a new branch" part of every batch dialog: a branch name and whether to merge it when
// every item succeeded. A batch on its own branch never leaves the base branch half-changed; what
// failed or was cancelled stays on that branch for review.
#pragma once

#include <QWidget>

class QCheckBox;
class QLineEdit;

class BranchTransactionBox : public QWidget {
    Q_OBJECT

public:
    // `base` is the branch the batch would otherwise change (and the one a merge goes into).
    explicit BranchTransactionBox(const QString &base, QWidget *parent = nullptr);

    void setPlan(const QString &newBranch, bool merge); // empty name: on the base branch
    QString newBranch() const;                          // empty when not on a new branch
    bool mergeWhenAllSucceed() const;
    // Empty when fine, else what is wrong (no branch name).
    QString problem() const;
    // "on branch main." / "on a new branch x, merged into main if every object succeeds ...".
    QString describe() const;

Q_SIGNALS:
    void changed();

private:
    QString m_base;
    QCheckBox *m_onBranch;
    QLineEdit *m_name;
    QCheckBox *m_merge;
};
