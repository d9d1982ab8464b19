#include "branchrequests.h"

#include "graphqlinputtype.h"
#include "inputvalue.h"
#include "operationrequest.h"
#include "requesterrors.h"
#include "selectionset.h"
#include "variableset.h"

namespace infrahub {

namespace {

SelectionSet branchSelection() {
    SelectionSet s;
    for (const char *f : {"id", "name", "description", "origin_branch", "branched_from", "created_at",
                          "is_default", "sync_with_git", "has_schema_changes"})
        s.addField(QString::fromLatin1(f));
    return s;
}

Result<QString> renderString(const QString &what, const QString &value, VariableSet &variables) {
    Result<QString> text =
        renderInputValue(value, GraphQLInputType::named(QStringLiteral("String")), variables);
    if (!text)
        return invalidRequestError(what + QStringLiteral(": ") + text.error().message);
    return text;
}

} // namespace

QString BranchRequests::branchNameProblem(const QString &name) {
    if (name.size() < 3 || name.size() > 250)
        return QStringLiteral("a branch name has 3 to 250 characters");
    for (const QChar c : name) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.isSpace())
            return QStringLiteral("a branch name cannot contain spaces or control characters");
        if (QStringView(u"~^:?*[\\").contains(c))
            return QStringLiteral("a branch name cannot contain '%1'").arg(c);
    }
    for (const char16_t *bad : {u"..", u"//", u"@{"})
        if (name.contains(QStringView(bad)))
            return QStringLiteral("a branch name cannot contain '%1'").arg(QStringView(bad));
    if (name.startsWith(u'/') || name.endsWith(u'/'))
        return QStringLiteral("a branch name cannot start or end with '/'");
    if (name.endsWith(u'.') || name.endsWith(u".lock"))
        return QStringLiteral("a branch name cannot end with '.' or '.lock'");
    return {};
}

GraphQLRequest BranchRequests::list() {
    SelectionSet root;
    root.addObject(QStringLiteral("Branch"), branchSelection());
    return operationRequest(QStringLiteral("query"), QStringLiteral("BranchList"), root, VariableSet());
}

Result<GraphQLRequest> BranchRequests::get(const QString &name) {
    if (name.isEmpty())
        return invalidRequestError(QStringLiteral("Branch: no name given."));
    VariableSet variables;
    Result<QString> n = renderString(QStringLiteral("Branch name"), name, variables);
    if (!n)
        return n.error();
    SelectionSet root;
    root.addObject(QStringLiteral("Branch(name: ") + n.value() + QLatin1Char(')'), branchSelection());
    return operationRequest(QStringLiteral("query"), QStringLiteral("BranchGet"), root, variables);
}

Result<GraphQLRequest> BranchRequests::create(const BranchCreateOptions &options) {
    if (const QString problem = branchNameProblem(options.name); !problem.isEmpty())
        return invalidRequestError(
            QStringLiteral("Cannot create branch '%1': %2.").arg(options.name, problem));
    VariableSet variables;
    QStringList fields;
    Result<QString> name = renderString(QStringLiteral("Branch name"), options.name, variables);
    if (!name)
        return name.error();
    fields.append(QStringLiteral("name: ") + name.value());
    if (!options.description.isEmpty()) {
        Result<QString> d =
            renderString(QStringLiteral("Branch description"), options.description, variables);
        if (!d)
            return d.error();
        fields.append(QStringLiteral("description: ") + d.value());
    }
    if (!options.originBranch.isEmpty()) {
        Result<QString> o = renderString(QStringLiteral("Branch origin"), options.originBranch, variables);
        if (!o)
            return o.error();
        fields.append(QStringLiteral("origin_branch: ") + o.value());
    }
    fields.append(QStringLiteral("sync_with_git: ") +
                  (options.syncWithGit ? QStringLiteral("true") : QStringLiteral("false")));

    SelectionSet payload;
    payload.addField(QStringLiteral("ok"));
    payload.addObject(QStringLiteral("object"), branchSelection());
    SelectionSet root;
    root.addObject(QStringLiteral("BranchCreate(data: {") + fields.join(QStringLiteral(", ")) +
                       QStringLiteral("}, wait_until_completion: ") +
                       (options.waitUntilCompletion ? QStringLiteral("true") : QStringLiteral("false")) +
                       QLatin1Char(')'),
                   std::move(payload));
    return operationRequest(QStringLiteral("mutation"), QStringLiteral("BranchCreate"), root, variables);
}

Result<GraphQLRequest> BranchRequests::byName(const QString &mutation, const QString &name, bool withObject) {
    if (name.isEmpty())
        return invalidRequestError(QStringLiteral("%1: no branch name given.").arg(mutation));
    VariableSet variables;
    Result<QString> n = renderString(QStringLiteral("Branch name"), name, variables);
    if (!n)
        return n.error();
    SelectionSet payload;
    payload.addField(QStringLiteral("ok"));
    if (withObject)
        payload.addObject(QStringLiteral("object"), branchSelection());
    SelectionSet root;
    root.addObject(mutation + QStringLiteral("(data: {name: ") + n.value() + QStringLiteral("})"),
                   std::move(payload));
    return operationRequest(QStringLiteral("mutation"), mutation, root, variables);
}

Result<GraphQLRequest> BranchRequests::remove(const QString &name) {
    return byName(QStringLiteral("BranchDelete"), name, false);
}

Result<GraphQLRequest> BranchRequests::merge(const QString &name) {
    return byName(QStringLiteral("BranchMerge"), name, true);
}

Result<GraphQLRequest> BranchRequests::rebase(const QString &name) {
    return byName(QStringLiteral("BranchRebase"), name, true);
}

Result<GraphQLRequest> BranchRequests::validate(const QString &name) {
    return byName(QStringLiteral("BranchValidate"), name, true);
}

} // namespace infrahub
