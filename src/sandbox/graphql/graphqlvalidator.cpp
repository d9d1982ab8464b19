// Port of graphql-core 3.2's validation: TypeInfo, the ValidationContext helpers (fragment spreads,
// recursively referenced fragments, variable usages) and the 25 specified rules for executable
// documents (ExecutableDefinitions is the parser's job). graphql-core runs all rules in parallel over a
// single traversal; here one visitor calls each rule's check at the same traversal event in the same
// rule order, which reproduces the error order.
#include "graphqlvalidator.h"

#include "graphqllexer.h"
#include "graphqlscalars.h"
#include "graphqlsuggestions.h"
#include "graphqlvalueprinter.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <variant>

namespace infrahub::sandbox::gql {

namespace {

// --- type references ------------------------------------------------------------------------------

bool isNone(const TypeRef &t) {
    return t.name.isEmpty() && !t.ofType;
}

TypeRef nullable(const TypeRef &t) {
    TypeRef r = t;
    r.nonNull = false;
    return r;
}

// --- the document ---------------------------------------------------------------------------------

using Definition = std::variant<const OperationDefinition *, const FragmentDefinition *>;

// graphql-core's ASTValidationContext helpers over one document.
class DocumentIndex {
public:
    explicit DocumentIndex(const Document &doc)
        : m_doc(doc) {
        for (const OperationDefinition &op : doc.operations)
            m_definitions.emplace_back(&op);
        for (const FragmentDefinition &f : doc.fragments) {
            m_definitions.emplace_back(&f);
            m_fragments.insert(f.name, &f); // a later definition of a name wins, as in graphql-core's dict
        }
        // The tree keeps operations and fragments apart; the traversal needs source order.
        std::stable_sort(m_definitions.begin(), m_definitions.end(),
                         [](const Definition &a, const Definition &b) {
                             const SourceLocation la = std::visit([](auto *d) { return d->location; }, a);
                             const SourceLocation lb = std::visit([](auto *d) { return d->location; }, b);
                             return la.line != lb.line ? la.line < lb.line : la.column < lb.column;
                         });
    }

    const Document &document() const { return m_doc; }
    const std::vector<Definition> &definitions() const { return m_definitions; }
    int operationCount() const { return int(m_doc.operations.size()); }
    const FragmentDefinition *fragment(const QString &name) const { return m_fragments.value(name); }

    // Spreads in a selection set and its nested sets (not into fragments), in graphql-core's stack order.
    const std::vector<const Selection *> &fragmentSpreads(const SelectionSet &set) {
        auto &cached = m_spreads[&set];
        if (cached)
            return *cached;
        cached = std::make_unique<std::vector<const Selection *>>();
        std::vector<const SelectionSet *> toVisit{&set};
        while (!toVisit.empty()) {
            const SelectionSet *visited = toVisit.back();
            toVisit.pop_back();
            for (const Selection &s : *visited) {
                if (s.kind == Selection::Kind::FragmentSpread)
                    cached->push_back(&s);
                else if (!s.selectionSet.empty())
                    toVisit.push_back(&s.selectionSet);
            }
        }
        return *cached;
    }

    const std::vector<const FragmentDefinition *> &recursivelyReferencedFragments(const SelectionSet &root) {
        auto &cached = m_referenced[&root];
        if (cached)
            return *cached;
        cached = std::make_unique<std::vector<const FragmentDefinition *>>();
        QSet<QString> collected;
        std::vector<const SelectionSet *> toVisit{&root};
        while (!toVisit.empty()) {
            const SelectionSet *visited = toVisit.back();
            toVisit.pop_back();
            for (const Selection *spread : fragmentSpreads(*visited)) {
                if (collected.contains(spread->name))
                    continue;
                collected.insert(spread->name);
                if (const FragmentDefinition *f = fragment(spread->name)) {
                    cached->push_back(f);
                    toVisit.push_back(&f->selectionSet);
                }
            }
        }
        return *cached;
    }

private:
    const Document &m_doc;
    std::vector<Definition> m_definitions;
    QHash<QString, const FragmentDefinition *> m_fragments;
    std::unordered_map<const SelectionSet *, std::unique_ptr<std::vector<const Selection *>>> m_spreads;
    std::unordered_map<const SelectionSet *, std::unique_ptr<std::vector<const FragmentDefinition *>>>
        m_referenced;
};

// --- token positions ------------------------------------------------------------------------------

// Positions of the source's tokens, to point at names the syntax tree keeps no position for (an
// operation's name is the token after its `query` keyword, a spread's name the one after `...`).
class SourceTokens {
public:
    explicit SourceTokens(QStringView source) {
        if (source.isEmpty())
            return;
        try {
            detail::Lexer lexer(source);
            for (lexer.advance(); lexer.token().kind != detail::TokenKind::EndOfFile; lexer.advance())
                m_tokens.push_back({lexer.token().kind, {lexer.token().line, lexer.token().column}});
        } catch (const detail::SyntaxError &) {
            m_tokens.clear(); // the document parsed, so this does not happen; keep the fallbacks then
        }
    }

    // Location of the token `delta` tokens away from the one starting at `at` (`at` when unknown).
    SourceLocation shifted(const SourceLocation &at, int delta) const {
        const qsizetype i = indexOf(at);
        if (i < 0 || i + delta < 0 || i + delta >= qsizetype(m_tokens.size()))
            return at;
        return m_tokens[std::size_t(i + delta)].location;
    }

    // The first name at or after `delta` tokens from `at`, skipping list brackets: the named type of
    // a type reference such as `[String!]`.
    SourceLocation namedTypeAfter(const SourceLocation &at, int delta) const {
        qsizetype i = indexOf(at);
        if (i < 0)
            return at;
        for (i += delta; i < qsizetype(m_tokens.size()); ++i)
            if (m_tokens[std::size_t(i)].kind == detail::TokenKind::Name)
                return m_tokens[std::size_t(i)].location;
        return at;
    }

private:
    struct Entry {
        detail::TokenKind kind;
        SourceLocation location;
    };

    qsizetype indexOf(const SourceLocation &at) const {
        const auto it = std::lower_bound(
            m_tokens.begin(), m_tokens.end(), at, [](const Entry &e, const SourceLocation &l) {
                return e.location.line != l.line ? e.location.line < l.line : e.location.column < l.column;
            });
        if (it == m_tokens.end() || it->location.line != at.line || it->location.column != at.column)
            return -1;
        return it - m_tokens.begin();
    }

    std::vector<Entry> m_tokens;
};

// Where a type name appears, to find its token.
enum class NamedTypeSite { VariableDefinition, InlineFragment, FragmentDefinition };

// --- TypeInfo -------------------------------------------------------------------------------------

// graphql-core's TypeInfo: the types in scope at each point of the traversal.
class TypeInfo {
public:
    explicit TypeInfo(const TypeSystem &ts)
        : m_ts(ts) {}

    TypeRef type() const { return m_typeStack.empty() ? TypeRef{} : m_typeStack.back(); }
    const GqlType *parentType() const {
        return m_parentTypeStack.empty() ? nullptr : m_parentTypeStack.back();
    }
    TypeRef inputType() const { return m_inputTypeStack.empty() ? TypeRef{} : m_inputTypeStack.back(); }
    TypeRef parentInputType() const {
        return m_inputTypeStack.size() > 1 ? m_inputTypeStack[m_inputTypeStack.size() - 2] : TypeRef{};
    }
    const GqlField *fieldDef() const { return m_fieldDefStack.empty() ? nullptr : m_fieldDefStack.back(); }
    bool hasDefaultValue() const { return !m_defaultStack.empty() && m_defaultStack.back(); }
    const GqlDirective *directive() const { return m_directive; }
    const GqlInputValue *argument() const { return m_argument; }

    void enterOperation(const OperationDefinition &op) {
        const GqlType *root = op.type == OperationDefinition::Type::Query      ? m_ts.queryType()
                              : op.type == OperationDefinition::Type::Mutation ? m_ts.mutationType()
                                                                               : m_ts.subscriptionType();
        m_typeStack.push_back(root ? root->ref : TypeRef{});
    }
    void leaveOperation() { m_typeStack.pop_back(); }

    void enterSelectionSet() {
        const GqlType *named = namedOf(type());
        m_parentTypeStack.push_back(named && named->isComposite() ? named : nullptr);
    }
    void leaveSelectionSet() { m_parentTypeStack.pop_back(); }

    void enterField(const Selection &field) {
        const GqlType *parent = parentType();
        const GqlField *def = parent ? m_ts.fieldDefinition(parent, field.name) : nullptr;
        m_fieldDefStack.push_back(def);
        m_typeStack.push_back(def && isOutput(def->type) ? def->type : TypeRef{});
    }
    void leaveField() {
        m_fieldDefStack.pop_back();
        m_typeStack.pop_back();
    }

    void enterDirective(const Directive &d) { m_directive = m_ts.directive(d.name); }
    void leaveDirective() { m_directive = nullptr; }

    void enterFragmentType(const QString &typeCondition) {
        TypeRef t;
        if (!typeCondition.isEmpty()) {
            if (const GqlType *cond = m_ts.type(typeCondition))
                t = cond->ref;
        } else if (const GqlType *named = namedOf(type())) {
            t = named->ref;
        }
        m_typeStack.push_back(isOutput(t) ? t : TypeRef{});
    }
    void leaveFragmentType() { m_typeStack.pop_back(); }

    void enterVariableDefinition(const VariableDefinition &def) {
        m_inputTypeStack.push_back(isInput(def.type) ? def.type : TypeRef{});
    }
    void leaveVariableDefinition() { m_inputTypeStack.pop_back(); }

    void enterArgument(const Argument &arg) {
        // A directive's arguments, or - also under an unknown directive - the field's (graphql-core's
        // `get_directive() or get_field_def()`).
        const InputValueList *args =
            m_directive ? &m_directive->args : (fieldDef() ? fieldDef()->args.get() : nullptr);
        const GqlInputValue *def = args ? args->find(arg.name) : nullptr;
        m_argument = def;
        m_defaultStack.push_back(def && def->defaultValue.has_value());
        m_inputTypeStack.push_back(def && isInput(def->type) ? def->type : TypeRef{});
    }
    void leaveArgument() {
        m_argument = nullptr;
        m_defaultStack.pop_back();
        m_inputTypeStack.pop_back();
    }

    void enterListValue() {
        const TypeRef listType = nullable(inputType());
        const TypeRef item = listType.isList() ? *listType.ofType : listType;
        m_defaultStack.push_back(false); // list positions never have a default
        m_inputTypeStack.push_back(isInput(item) ? item : TypeRef{});
    }
    void leaveListValue() {
        m_defaultStack.pop_back();
        m_inputTypeStack.pop_back();
    }

    void enterObjectField(const QString &name) {
        const GqlType *objectType = namedOf(inputType());
        const GqlInputValue *f =
            objectType && objectType->kind == TypeKind::InputObject ? objectType->inputField(name) : nullptr;
        m_defaultStack.push_back(f && f->defaultValue.has_value());
        m_inputTypeStack.push_back(f && isInput(f->type) ? f->type : TypeRef{});
    }
    void leaveObjectField() { leaveListValue(); }

    const GqlType *namedOf(const TypeRef &t) const { return isNone(t) ? nullptr : m_ts.namedType(t); }
    bool isInput(const TypeRef &t) const {
        const GqlType *n = namedOf(t);
        return n && n->isInputType();
    }
    bool isOutput(const TypeRef &t) const {
        const GqlType *n = namedOf(t);
        return n && n->isOutputType();
    }

private:
    const TypeSystem &m_ts;
    std::vector<TypeRef> m_typeStack;
    std::vector<const GqlType *> m_parentTypeStack;
    std::vector<TypeRef> m_inputTypeStack;
    std::vector<const GqlField *> m_fieldDefStack;
    std::vector<bool> m_defaultStack;
    const GqlDirective *m_directive = nullptr;
    const GqlInputValue *m_argument = nullptr;
};

// --- traversal ------------------------------------------------------------------------------------

// Hooks of one traversal; TypeInfo is already updated when an enter hook runs and still unchanged when
// a leave hook runs (graphql-core's TypeInfoVisitor).
class Visitor {
public:
    virtual ~Visitor() = default;
    virtual void enterDocument() {}
    virtual void leaveDocument() {}
    virtual void enterOperation(const OperationDefinition &) {}
    virtual void leaveOperation(const OperationDefinition &) {}
    virtual void enterVariableDefinition(const VariableDefinition &) {}
    virtual void leaveVariableDefinition(const VariableDefinition &) {}
    virtual void enterNamedType(const QString &, const SourceLocation &, NamedTypeSite) {}
    virtual void enterSelectionSet(const SelectionSet &) {}
    virtual void enterField(const Selection &) {}
    virtual void leaveField(const Selection &) {}
    virtual void enterFragmentSpread(const Selection &) {}
    virtual void enterInlineFragment(const Selection &) {}
    virtual void enterFragmentDefinition(const FragmentDefinition &) {}
    virtual void enterDirective(const Directive &, const QString &) {}
    virtual void leaveDirective(const Directive &) {}
    virtual void enterArgument(const Argument &) {}
    virtual void leaveArgument(const Argument &) {}
    virtual void enterValue(const Value &) {}
    virtual void leaveValue(const Value &) {}
    virtual void enterObjectField(const QString &, const Value &) {}
};

class Walker {
public:
    Walker(TypeInfo &typeInfo, Visitor &visitor)
        : m_ti(typeInfo)
        , m_v(visitor) {}

    void document(const DocumentIndex &index) {
        m_v.enterDocument();
        for (const Definition &d : index.definitions()) {
            if (const auto *op = std::get_if<const OperationDefinition *>(&d))
                operation(**op);
            else
                fragmentDefinition(*std::get<const FragmentDefinition *>(d));
        }
        m_v.leaveDocument();
    }

    void operation(const OperationDefinition &op) {
        m_ti.enterOperation(op);
        m_v.enterOperation(op);
        for (const VariableDefinition &def : op.variables)
            variableDefinition(def);
        const QString location = op.type == OperationDefinition::Type::Query ? QStringLiteral("QUERY")
                                 : op.type == OperationDefinition::Type::Mutation
                                     ? QStringLiteral("MUTATION")
                                     : QStringLiteral("SUBSCRIPTION");
        for (const Directive &d : op.directives)
            directive(d, location);
        selectionSet(op.selectionSet);
        m_v.leaveOperation(op);
        m_ti.leaveOperation();
    }

    void fragmentDefinition(const FragmentDefinition &f) {
        m_ti.enterFragmentType(f.typeCondition);
        m_v.enterFragmentDefinition(f);
        m_v.enterNamedType(f.typeCondition, f.location, NamedTypeSite::FragmentDefinition);
        for (const Directive &d : f.directives)
            directive(d, QStringLiteral("FRAGMENT_DEFINITION"));
        selectionSet(f.selectionSet);
        m_ti.leaveFragmentType();
    }

private:
    void variableDefinition(const VariableDefinition &def) {
        m_ti.enterVariableDefinition(def);
        m_v.enterVariableDefinition(def);
        m_v.enterNamedType(def.type.namedType(), def.location, NamedTypeSite::VariableDefinition);
        if (def.defaultValue)
            value(*def.defaultValue);
        m_v.leaveVariableDefinition(def);
        m_ti.leaveVariableDefinition();
    }

    void selectionSet(const SelectionSet &set) {
        if (set.empty())
            return; // no selection set node
        m_ti.enterSelectionSet();
        m_v.enterSelectionSet(set);
        for (const Selection &s : set) {
            switch (s.kind) {
            case Selection::Kind::Field:
                field(s);
                break;
            case Selection::Kind::FragmentSpread:
                m_v.enterFragmentSpread(s);
                for (const Directive &d : s.directives)
                    directive(d, QStringLiteral("FRAGMENT_SPREAD"));
                break;
            case Selection::Kind::InlineFragment:
                m_ti.enterFragmentType(s.typeCondition);
                m_v.enterInlineFragment(s);
                if (!s.typeCondition.isEmpty())
                    m_v.enterNamedType(s.typeCondition, s.location, NamedTypeSite::InlineFragment);
                for (const Directive &d : s.directives)
                    directive(d, QStringLiteral("INLINE_FRAGMENT"));
                selectionSet(s.selectionSet);
                m_ti.leaveFragmentType();
                break;
            }
        }
        m_ti.leaveSelectionSet();
    }

    void field(const Selection &s) {
        m_ti.enterField(s);
        m_v.enterField(s);
        for (const Argument &a : s.arguments)
            argument(a);
        for (const Directive &d : s.directives)
            directive(d, QStringLiteral("FIELD"));
        selectionSet(s.selectionSet);
        m_v.leaveField(s);
        m_ti.leaveField();
    }

    void directive(const Directive &d, const QString &location) {
        m_ti.enterDirective(d);
        m_v.enterDirective(d, location);
        for (const Argument &a : d.arguments)
            argument(a);
        m_v.leaveDirective(d);
        m_ti.leaveDirective();
    }

    void argument(const Argument &a) {
        m_ti.enterArgument(a);
        m_v.enterArgument(a);
        value(a.value);
        m_v.leaveArgument(a);
        m_ti.leaveArgument();
    }

    void value(const Value &v) {
        switch (v.kind) {
        case Value::Kind::List:
            m_ti.enterListValue();
            m_v.enterValue(v);
            for (const Value &item : v.list)
                value(item);
            m_v.leaveValue(v);
            m_ti.leaveListValue();
            return;
        case Value::Kind::Object:
            m_v.enterValue(v);
            for (const auto &[name, fieldValue] : v.fields) {
                m_ti.enterObjectField(name);
                m_v.enterObjectField(name, fieldValue);
                value(fieldValue);
                m_ti.leaveObjectField();
            }
            m_v.leaveValue(v);
            return;
        default:
            m_v.enterValue(v);
            m_v.leaveValue(v);
        }
    }

    TypeInfo &m_ti;
    Visitor &m_v;
};

// --- variable usages ------------------------------------------------------------------------------

struct VariableUsage {
    const Value *node = nullptr;
    TypeRef type; // input type expected where the variable is used (none when unknown)
    bool locationHasDefault = false;
};

// graphql-core's VariableUsageVisitor: variables used in arguments and nested values (not in variable
// definitions' defaults).
class UsageVisitor : public Visitor {
public:
    explicit UsageVisitor(TypeInfo &ti)
        : m_ti(ti) {}
    std::vector<VariableUsage> usages;

    void enterVariableDefinition(const VariableDefinition &) override { ++m_inVariableDefinition; }
    void leaveVariableDefinition(const VariableDefinition &) override { --m_inVariableDefinition; }
    void enterValue(const Value &v) override {
        if (v.kind == Value::Kind::Variable && m_inVariableDefinition == 0)
            usages.push_back({&v, m_ti.inputType(), m_ti.hasDefaultValue()});
    }

private:
    TypeInfo &m_ti;
    int m_inVariableDefinition = 0;
};

// --- OverlappingFieldsCanBeMerged -----------------------------------------------------------------

struct NodeAndDef {
    const GqlType *parentType = nullptr;
    const Selection *node = nullptr;
    const GqlField *def = nullptr;
};

struct FieldMap {
    QStringList order; // response names in first-seen order
    QHash<QString, std::vector<NodeAndDef>> byName;
};

struct FieldsAndFragments {
    FieldMap fields;
    QStringList fragmentNames;
};

struct ConflictReason {
    QString responseName;
    QString message; // empty when `subReasons` explains the conflict
    std::vector<ConflictReason> subReasons;
};

struct Conflict {
    ConflictReason reason;
    std::vector<const Selection *> fields1;
    std::vector<const Selection *> fields2;
};

QString reasonMessage(const ConflictReason &reason) {
    if (reason.subReasons.empty())
        return reason.message;
    QStringList parts;
    for (const ConflictReason &sub : reason.subReasons)
        parts.append(
            QStringLiteral("subfields '%1' conflict because %2").arg(sub.responseName, reasonMessage(sub)));
    return parts.join(QLatin1String(" and "));
}

// A value printed with object fields sorted (graphql-core's sort_value_node), to compare arguments.
QString stringifySorted(const Value &v) {
    if (v.kind == Value::Kind::List) {
        QStringList items;
        for (const Value &item : v.list)
            items.append(stringifySorted(item));
        return QLatin1Char('[') + items.join(QLatin1String(", ")) + QLatin1Char(']');
    }
    if (v.kind == Value::Kind::Object) {
        std::vector<const std::pair<QString, Value> *> fields;
        for (const auto &f : v.fields)
            fields.push_back(&f);
        std::stable_sort(fields.begin(), fields.end(),
                         [](const auto *a, const auto *b) { return naturalLess(a->first, b->first); });
        QStringList items;
        for (const auto *f : fields)
            items.append(f->first + QLatin1String(": ") + stringifySorted(f->second));
        return QLatin1Char('{') + items.join(QLatin1String(", ")) + QLatin1Char('}');
    }
    return printValue(v);
}

class OverlapChecker {
public:
    OverlapChecker(const TypeSystem &ts, DocumentIndex &doc)
        : m_ts(ts)
        , m_doc(doc) {}

    std::vector<Conflict> findConflictsWithinSelectionSet(const GqlType *parentType,
                                                          const SelectionSet &set) {
        std::vector<Conflict> conflicts;
        const FieldsAndFragments &ff = fieldsAndFragmentNames(parentType, set);
        collectConflictsWithin(conflicts, ff.fields);
        const QStringList &names = ff.fragmentNames;
        for (qsizetype i = 0; i < names.size(); ++i) {
            collectConflictsBetweenFieldsAndFragment(conflicts, false, ff.fields, names.at(i));
            for (qsizetype j = i + 1; j < names.size(); ++j)
                collectConflictsBetweenFragments(conflicts, false, names.at(i), names.at(j));
        }
        return conflicts;
    }

private:
    const FieldsAndFragments &fieldsAndFragmentNames(const GqlType *parentType, const SelectionSet &set) {
        auto &cached = m_cache[&set];
        if (!cached) {
            cached = std::make_unique<FieldsAndFragments>();
            QSet<QString> seenFragments;
            collectFieldsAndFragmentNames(parentType, set, cached->fields, cached->fragmentNames,
                                          seenFragments);
        }
        return *cached;
    }

    const FieldsAndFragments &referencedFieldsAndFragmentNames(const FragmentDefinition &fragment) {
        if (const auto it = m_cache.find(&fragment.selectionSet); it != m_cache.end() && it->second)
            return *it->second;
        return fieldsAndFragmentNames(m_ts.type(fragment.typeCondition), fragment.selectionSet);
    }

    void collectFieldsAndFragmentNames(const GqlType *parentType, const SelectionSet &set, FieldMap &fields,
                                       QStringList &fragmentNames, QSet<QString> &seenFragments) {
        for (const Selection &s : set) {
            switch (s.kind) {
            case Selection::Kind::Field: {
                // Plain field lookup: meta fields such as __typename have no definition here.
                const GqlField *def =
                    parentType && parentType->isComposite() ? parentType->field(s.name) : nullptr;
                const QString &responseName = s.responseKey();
                auto &list = fields.byName[responseName];
                if (list.empty())
                    fields.order.append(responseName);
                list.push_back({parentType, &s, def});
                break;
            }
            case Selection::Kind::FragmentSpread:
                if (!seenFragments.contains(s.name)) {
                    seenFragments.insert(s.name);
                    fragmentNames.append(s.name);
                }
                break;
            case Selection::Kind::InlineFragment: {
                const GqlType *fragmentType =
                    s.typeCondition.isEmpty() ? parentType : m_ts.type(s.typeCondition);
                collectFieldsAndFragmentNames(fragmentType, s.selectionSet, fields, fragmentNames,
                                              seenFragments);
                break;
            }
            }
        }
    }

    void collectConflictsWithin(std::vector<Conflict> &conflicts, const FieldMap &fieldMap) {
        for (const QString &responseName : fieldMap.order) {
            const std::vector<NodeAndDef> &fields = fieldMap.byName[responseName];
            if (fields.size() < 2)
                continue;
            for (std::size_t i = 0; i < fields.size(); ++i)
                for (std::size_t j = i + 1; j < fields.size(); ++j)
                    if (auto c = findConflict(false, responseName, fields[i], fields[j]))
                        conflicts.push_back(std::move(*c));
        }
    }

    void collectConflictsBetween(std::vector<Conflict> &conflicts, bool mutuallyExclusive,
                                 const FieldMap &map1, const FieldMap &map2) {
        for (const QString &responseName : map1.order) {
            const auto it = map2.byName.constFind(responseName);
            if (it == map2.byName.cend() || it->empty())
                continue;
            for (const NodeAndDef &f1 : map1.byName[responseName])
                for (const NodeAndDef &f2 : *it)
                    if (auto c = findConflict(mutuallyExclusive, responseName, f1, f2))
                        conflicts.push_back(std::move(*c));
        }
    }

    void collectConflictsBetweenFieldsAndFragment(std::vector<Conflict> &conflicts, bool mutuallyExclusive,
                                                  const FieldMap &fieldMap, const QString &fragmentName) {
        auto &seen = m_comparedFieldsAndFragments[&fieldMap];
        if (const auto it = seen.constFind(fragmentName); it != seen.cend() && (mutuallyExclusive || !*it))
            return;
        seen.insert(fragmentName, mutuallyExclusive);
        const FragmentDefinition *fragment = m_doc.fragment(fragmentName);
        if (!fragment)
            return;
        const FieldsAndFragments &ff2 = referencedFieldsAndFragmentNames(*fragment);
        if (&fieldMap == &ff2.fields)
            return; // a fragment that spreads itself: NoFragmentCycles reports it
        collectConflictsBetween(conflicts, mutuallyExclusive, fieldMap, ff2.fields);
        for (const QString &referenced : ff2.fragmentNames)
            collectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, fieldMap, referenced);
    }

    bool fragmentPairCompared(const QString &a, const QString &b, bool mutuallyExclusive) const {
        const QString &k1 = a < b ? a : b;
        const QString &k2 = a < b ? b : a;
        const auto it = m_comparedFragmentPairs.constFind(k1);
        if (it == m_comparedFragmentPairs.cend())
            return false;
        const auto inner = it->constFind(k2);
        if (inner == it->cend())
            return false;
        return mutuallyExclusive || !*inner;
    }

    void addFragmentPair(const QString &a, const QString &b, bool mutuallyExclusive) {
        const QString &k1 = a < b ? a : b;
        const QString &k2 = a < b ? b : a;
        m_comparedFragmentPairs[k1].insert(k2, mutuallyExclusive);
    }

    void collectConflictsBetweenFragments(std::vector<Conflict> &conflicts, bool mutuallyExclusive,
                                          const QString &name1, const QString &name2) {
        if (name1 == name2)
            return;
        if (fragmentPairCompared(name1, name2, mutuallyExclusive))
            return;
        addFragmentPair(name1, name2, mutuallyExclusive);
        const FragmentDefinition *f1 = m_doc.fragment(name1);
        const FragmentDefinition *f2 = m_doc.fragment(name2);
        if (!f1 || !f2)
            return;
        const FieldsAndFragments &ff1 = referencedFieldsAndFragmentNames(*f1);
        const FieldsAndFragments &ff2 = referencedFieldsAndFragmentNames(*f2);
        collectConflictsBetween(conflicts, mutuallyExclusive, ff1.fields, ff2.fields);
        for (const QString &referenced2 : ff2.fragmentNames)
            collectConflictsBetweenFragments(conflicts, mutuallyExclusive, name1, referenced2);
        for (const QString &referenced1 : ff1.fragmentNames)
            collectConflictsBetweenFragments(conflicts, mutuallyExclusive, referenced1, name2);
    }

    std::vector<Conflict> findConflictsBetweenSubSelectionSets(bool mutuallyExclusive, const GqlType *parent1,
                                                               const SelectionSet &set1,
                                                               const GqlType *parent2,
                                                               const SelectionSet &set2) {
        std::vector<Conflict> conflicts;
        const FieldsAndFragments &ff1 = fieldsAndFragmentNames(parent1, set1);
        const FieldsAndFragments &ff2 = fieldsAndFragmentNames(parent2, set2);
        collectConflictsBetween(conflicts, mutuallyExclusive, ff1.fields, ff2.fields);
        for (const QString &name2 : ff2.fragmentNames)
            collectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, ff1.fields, name2);
        for (const QString &name1 : ff1.fragmentNames)
            collectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, ff2.fields, name1);
        for (const QString &name1 : ff1.fragmentNames)
            for (const QString &name2 : ff2.fragmentNames)
                collectConflictsBetweenFragments(conflicts, mutuallyExclusive, name1, name2);
        return conflicts;
    }

    bool sameArguments(const Selection &a, const Selection &b) const {
        if (a.arguments.empty())
            return b.arguments.empty();
        if (b.arguments.empty() || a.arguments.size() != b.arguments.size())
            return false;
        QHash<QString, const Value *> values2;
        for (const Argument &arg : b.arguments)
            values2.insert(arg.name, &arg.value);
        for (const Argument &arg : a.arguments) {
            const Value *v2 = values2.value(arg.name);
            if (!v2 || stringifySorted(arg.value) != stringifySorted(*v2))
                return false;
        }
        return true;
    }

    bool doTypesConflict(const TypeRef &a, const TypeRef &b) const {
        const bool aList = !a.nonNull && a.isList();
        const bool bList = !b.nonNull && b.isList();
        if (aList)
            return bList ? doTypesConflict(*a.ofType, *b.ofType) : true;
        if (bList)
            return true;
        if (a.nonNull)
            return b.nonNull ? doTypesConflict(nullable(a), nullable(b)) : true;
        if (b.nonNull)
            return true;
        const GqlType *ta = m_ts.type(a.name);
        const GqlType *tb = m_ts.type(b.name);
        if ((ta && ta->isLeaf()) || (tb && tb->isLeaf()))
            return a.name != b.name;
        return false;
    }

    std::optional<Conflict> findConflict(bool parentFieldsMutuallyExclusive, const QString &responseName,
                                         const NodeAndDef &f1, const NodeAndDef &f2) {
        const bool mutuallyExclusive =
            parentFieldsMutuallyExclusive ||
            (f1.parentType != f2.parentType && f1.parentType && f2.parentType &&
             f1.parentType->kind == TypeKind::Object && f2.parentType->kind == TypeKind::Object);
        auto simple = [&](const QString &message) {
            Conflict c;
            c.reason.responseName = responseName;
            c.reason.message = message;
            c.fields1 = {f1.node};
            c.fields2 = {f2.node};
            return c;
        };
        if (!mutuallyExclusive) {
            if (f1.node->name != f2.node->name)
                return simple(
                    QStringLiteral("'%1' and '%2' are different fields").arg(f1.node->name, f2.node->name));
            if (!sameArguments(*f1.node, *f2.node))
                return simple(QStringLiteral("they have differing arguments"));
        }
        const TypeRef type1 = f1.def ? f1.def->type : TypeRef{};
        const TypeRef type2 = f2.def ? f2.def->type : TypeRef{};
        if (f1.def && f2.def && doTypesConflict(type1, type2))
            return simple(QStringLiteral("they return conflicting types '%1' and '%2'")
                              .arg(type1.toString(), type2.toString()));
        if (!f1.node->selectionSet.empty() && !f2.node->selectionSet.empty()) {
            const GqlType *named1 = f1.def ? m_ts.namedType(type1) : nullptr;
            const GqlType *named2 = f2.def ? m_ts.namedType(type2) : nullptr;
            std::vector<Conflict> sub = findConflictsBetweenSubSelectionSets(
                mutuallyExclusive, named1, f1.node->selectionSet, named2, f2.node->selectionSet);
            if (sub.empty())
                return std::nullopt;
            Conflict c;
            c.reason.responseName = responseName;
            c.fields1 = {f1.node};
            c.fields2 = {f2.node};
            for (Conflict &s : sub) {
                c.reason.subReasons.push_back(std::move(s.reason));
                c.fields1.insert(c.fields1.end(), s.fields1.begin(), s.fields1.end());
                c.fields2.insert(c.fields2.end(), s.fields2.begin(), s.fields2.end());
            }
            return c;
        }
        return std::nullopt;
    }

    const TypeSystem &m_ts;
    DocumentIndex &m_doc;
    std::unordered_map<const SelectionSet *, std::unique_ptr<FieldsAndFragments>> m_cache;
    std::unordered_map<const FieldMap *, QHash<QString, bool>> m_comparedFieldsAndFragments;
    QHash<QString, QHash<QString, bool>> m_comparedFragmentPairs;
};

// --- the rules ------------------------------------------------------------------------------------

struct Aborted {};

class RulesVisitor : public Visitor {
public:
    RulesVisitor(const TypeSystem &ts, DocumentIndex &doc, TypeInfo &ti, const SourceTokens &tokens,
                 int maxErrors)
        : m_ts(ts)
        , m_doc(doc)
        , m_ti(ti)
        , m_tokens(tokens)
        , m_maxErrors(maxErrors)
        , m_overlaps(ts, doc) {}

    QList<ValidationError> errors;

    // Document -----------------------------------------------------------------------------------
    void leaveDocument() override {
        // NoUnusedFragments
        QSet<QString> used;
        for (const OperationDefinition *op : std::as_const(m_operations))
            for (const FragmentDefinition *f : m_doc.recursivelyReferencedFragments(op->selectionSet))
                used.insert(f->name);
        for (const FragmentDefinition *f : std::as_const(m_fragmentDefinitions))
            if (!used.contains(f->name))
                report(QStringLiteral("Fragment '%1' is never used.").arg(f->name), {f->location});
    }

    // Operations ---------------------------------------------------------------------------------
    void enterOperation(const OperationDefinition &op) override {
        // UniqueOperationNames
        if (!op.name.isEmpty()) {
            const SourceLocation name = m_tokens.shifted(op.location, 1); // after the keyword
            if (const auto it = m_operationNames.constFind(op.name); it != m_operationNames.cend())
                report(QStringLiteral("There can be only one operation named '%1'.").arg(op.name),
                       {*it, name});
            else
                m_operationNames.insert(op.name, name);
        }
        // LoneAnonymousOperation
        if (op.name.isEmpty() && m_doc.operationCount() > 1)
            report(QStringLiteral("This anonymous operation must be the only defined operation."),
                   {op.location});
        // SingleFieldSubscriptions: the sandbox has no subscription type, so there is nothing to check.
        // NoUnusedFragments
        m_operations.append(&op);
        // UniqueVariableNames
        QStringList order;
        QHash<QString, QList<SourceLocation>> byName;
        for (const VariableDefinition &def : op.variables) {
            if (!byName.contains(def.name))
                order.append(def.name);
            byName[def.name].append(m_tokens.shifted(def.location, 1)); // the name after `$`
        }
        for (const QString &name : std::as_const(order))
            if (byName.value(name).size() > 1)
                report(QStringLiteral("There can be only one variable named '$%1'.").arg(name),
                       byName.value(name));
        // NoUndefinedVariables, NoUnusedVariables, VariablesInAllowedPosition
        m_definedVariables.clear();
        m_variableDefinitions.clear();
        m_variableDefinitionByName.clear();
        // UniqueDirectivesPerLocation
        checkUniqueDirectives(op.directives);
    }

    void leaveOperation(const OperationDefinition &op) override {
        const std::vector<VariableUsage> usages = recursiveVariableUsages(op);
        // NoUndefinedVariables
        for (const VariableUsage &u : usages) {
            if (m_definedVariables.contains(u.node->text))
                continue;
            report(op.name.isEmpty() ? QStringLiteral("Variable '$%1' is not defined.").arg(u.node->text)
                                     : QStringLiteral("Variable '$%1' is not defined by operation '%2'.")
                                           .arg(u.node->text, op.name),
                   {u.node->location, op.location});
        }
        // NoUnusedVariables
        QSet<QString> used;
        for (const VariableUsage &u : usages)
            used.insert(u.node->text);
        for (const VariableDefinition *def : std::as_const(m_variableDefinitions)) {
            if (used.contains(def->name))
                continue;
            report(op.name.isEmpty() ? QStringLiteral("Variable '$%1' is never used.").arg(def->name)
                                     : QStringLiteral("Variable '$%1' is never used in operation '%2'.")
                                           .arg(def->name, op.name),
                   {def->location});
        }
        // VariablesInAllowedPosition
        for (const VariableUsage &u : usages) {
            const VariableDefinition *def = m_variableDefinitionByName.value(u.node->text);
            if (!def || isNone(u.type) || !m_ts.typeExists(def->type))
                continue;
            if (!allowedVariableUsage(def->type, def->defaultValue ? &*def->defaultValue : nullptr, u.type,
                                      u.locationHasDefault))
                report(QStringLiteral("Variable '$%1' of type '%2' used in position expecting type '%3'.")
                           .arg(u.node->text, def->type.toString(), u.type.toString()),
                       {def->location, u.node->location});
        }
    }

    void enterVariableDefinition(const VariableDefinition &def) override {
        // VariablesAreInputTypes
        const GqlType *named = m_ts.namedType(def.type);
        if (named && !named->isInputType())
            report(QStringLiteral("Variable '$%1' cannot be non-input type '%2'.")
                       .arg(def.name, def.type.toString()),
                   {m_tokens.shifted(def.location, 3)}); // `$` name `:` type
        // NoUndefinedVariables, NoUnusedVariables, VariablesInAllowedPosition
        m_definedVariables.insert(def.name);
        m_variableDefinitions.append(&def);
        m_variableDefinitionByName.insert(def.name, &def);
    }

    void enterNamedType(const QString &name, const SourceLocation &location, NamedTypeSite site) override {
        // KnownTypeNames
        if (m_ts.type(name))
            return;
        report(QStringLiteral("Unknown type '%1'.").arg(name) +
                   didYouMean(suggestionList(name, allTypeNames())),
               {typeConditionLocation(location, site)});
    }

    // Selections ---------------------------------------------------------------------------------
    void enterSelectionSet(const SelectionSet &set) override {
        // OverlappingFieldsCanBeMerged
        for (const Conflict &c : m_overlaps.findConflictsWithinSelectionSet(m_ti.parentType(), set)) {
            QList<SourceLocation> locations;
            for (const Selection *s : c.fields1)
                locations.append(s->location);
            for (const Selection *s : c.fields2)
                locations.append(s->location);
            report(QStringLiteral(
                       "Fields '%1' conflict because %2. Use different aliases on the fields to fetch both "
                       "if this was intentional.")
                       .arg(c.reason.responseName, reasonMessage(c.reason)),
                   locations);
        }
    }

    void enterField(const Selection &field) override {
        // ScalarLeafs
        const TypeRef type = m_ti.type();
        if (!isNone(type)) {
            const GqlType *named = m_ts.namedType(type);
            if (named && named->isLeaf()) {
                if (!field.selectionSet.empty()) // located at the selection set's `{`
                    report(QStringLiteral(
                               "Field '%1' must not have a selection since type '%2' has no subfields.")
                               .arg(field.name, type.toString()),
                           {m_tokens.shifted(field.selectionSet.front().location, -1)});
            } else if (field.selectionSet.empty()) {
                report(
                    QStringLiteral("Field '%1' of type '%2' must have a selection of subfields. Did you mean "
                                   "'%1 { ... }'?")
                        .arg(field.name, type.toString()),
                    {field.location});
            }
        }
        // FieldsOnCorrectType
        if (const GqlType *parent = m_ti.parentType(); parent && !m_ti.fieldDef()) {
            QString suggestion = didYouMean(suggestedTypeNames(parent, field.name),
                                            QStringLiteral("to use an inline fragment on"));
            if (suggestion.isEmpty())
                suggestion = didYouMean(suggestedFieldNames(parent, field.name));
            report(QStringLiteral("Cannot query field '%1' on type '%2'.").arg(field.name, parent->name) +
                       suggestion,
                   {field.location});
        }
        // UniqueDirectivesPerLocation
        checkUniqueDirectives(field.directives);
        // UniqueArgumentNames
        checkUniqueArguments(field.arguments);
    }

    void leaveField(const Selection &field) override {
        // ProvidedRequiredArguments
        const GqlField *def = m_ti.fieldDef();
        if (!def)
            return;
        QSet<QString> given;
        for (const Argument &a : field.arguments)
            given.insert(a.name);
        for (const GqlInputValue &arg : def->args->items())
            if (!given.contains(arg.name) && arg.isRequired())
                report(QStringLiteral(
                           "Field '%1' argument '%2' of type '%3' is required, but it was not provided.")
                           .arg(field.name, arg.name, arg.type.toString()),
                       {field.location});
    }

    void enterFragmentSpread(const Selection &spread) override {
        // KnownFragmentNames
        const FragmentDefinition *fragment = m_doc.fragment(spread.name);
        if (!fragment)
            report(QStringLiteral("Unknown fragment '%1'.").arg(spread.name),
                   {m_tokens.shifted(spread.location, 1)});
        // PossibleFragmentSpreads
        const GqlType *fragmentType = fragment ? m_ts.type(fragment->typeCondition) : nullptr;
        if (fragmentType && !fragmentType->isComposite())
            fragmentType = nullptr;
        const GqlType *parent = m_ti.parentType();
        if (fragmentType && parent && !m_ts.doTypesOverlap(fragmentType, parent))
            report(QStringLiteral(
                       "Fragment '%1' cannot be spread here as objects of type '%2' can never be of type "
                       "'%3'.")
                       .arg(spread.name, parent->name, fragmentType->name),
                   {spread.location});
        // UniqueDirectivesPerLocation
        checkUniqueDirectives(spread.directives);
    }

    void enterInlineFragment(const Selection &fragment) override {
        // FragmentsOnCompositeTypes
        if (!fragment.typeCondition.isEmpty()) {
            const GqlType *t = m_ts.type(fragment.typeCondition);
            if (t && !t->isComposite())
                report(QStringLiteral("Fragment cannot condition on non composite type '%1'.")
                           .arg(fragment.typeCondition),
                       {typeConditionLocation(fragment.location, NamedTypeSite::InlineFragment)});
        }
        // PossibleFragmentSpreads
        const GqlType *fragmentType = m_ts.namedType(m_ti.type());
        const GqlType *parent = m_ti.parentType();
        if (!isNone(m_ti.type()) && fragmentType && fragmentType->isComposite() && parent &&
            !m_ts.doTypesOverlap(fragmentType, parent))
            report(QStringLiteral(
                       "Fragment cannot be spread here as objects of type '%1' can never be of type '%2'.")
                       .arg(parent->name, fragmentType->name),
                   {fragment.location});
        // UniqueDirectivesPerLocation
        checkUniqueDirectives(fragment.directives);
    }

    void enterFragmentDefinition(const FragmentDefinition &fragment) override {
        // FragmentsOnCompositeTypes
        const GqlType *t = m_ts.type(fragment.typeCondition);
        if (t && !t->isComposite())
            report(QStringLiteral("Fragment '%1' cannot condition on non composite type '%2'.")
                       .arg(fragment.name, fragment.typeCondition),
                   {typeConditionLocation(fragment.location, NamedTypeSite::FragmentDefinition)});
        // UniqueFragmentNames
        const SourceLocation name = m_tokens.shifted(fragment.location, 1); // after `fragment`
        if (const auto it = m_fragmentNames.constFind(fragment.name); it != m_fragmentNames.cend())
            report(QStringLiteral("There can be only one fragment named '%1'.").arg(fragment.name),
                   {*it, name});
        else
            m_fragmentNames.insert(fragment.name, name);
        // NoUnusedFragments
        m_fragmentDefinitions.append(&fragment);
        // NoFragmentCycles
        detectCycleRecursive(fragment);
        // UniqueDirectivesPerLocation
        checkUniqueDirectives(fragment.directives);
    }

    // Directives and arguments -------------------------------------------------------------------
    void enterDirective(const Directive &d, const QString &location) override {
        ++m_inDirective;
        // KnownDirectives
        const GqlDirective *def = m_ts.directive(d.name);
        if (!def)
            report(QStringLiteral("Unknown directive '@%1'.").arg(d.name), {d.location});
        else if (!def->locations.contains(location))
            // graphql-core prints the DirectiveLocation enum's value: "field", "fragment definition" ...
            report(QStringLiteral("Directive '@%1' may not be used on %2.")
                       .arg(d.name, location.toLower().replace(QLatin1Char('_'), QLatin1Char(' '))),
                   {d.location});
        // KnownArgumentNames (directives)
        if (def) {
            for (const Argument &a : d.arguments) {
                if (def->args.find(a.name))
                    continue;
                report(QStringLiteral("Unknown argument '%1' on directive '@%2'.").arg(a.name, d.name) +
                           didYouMean(suggestionList(a.name, def->args.names())),
                       {a.location});
            }
        }
        // UniqueArgumentNames
        checkUniqueArguments(d.arguments);
    }

    void leaveDirective(const Directive &d) override {
        // ProvidedRequiredArguments (directives)
        if (const GqlDirective *def = m_ts.directive(d.name)) {
            QSet<QString> given;
            for (const Argument &a : d.arguments)
                given.insert(a.name);
            for (const GqlInputValue &arg : def->args.items())
                if (!given.contains(arg.name) && arg.isRequired())
                    report(QStringLiteral(
                               "Directive '@%1' argument '%2' of type '%3' is required, but it was not "
                               "provided.")
                               .arg(d.name, arg.name, arg.type.toString()),
                           {d.location});
        }
        --m_inDirective;
    }

    void enterArgument(const Argument &a) override {
        // KnownArgumentNames (fields; directive arguments were checked on the directive)
        if (m_inDirective > 0)
            return;
        const GqlField *fieldDef = m_ti.fieldDef();
        const GqlType *parent = m_ti.parentType();
        if (m_ti.argument() || !fieldDef || !parent)
            return;
        report(QStringLiteral("Unknown argument '%1' on field '%2.%3'.")
                       .arg(a.name, parent->name, fieldDef->name) +
                   didYouMean(suggestionList(a.name, fieldDef->args->names())),
               {a.location});
    }

    // Values -------------------------------------------------------------------------------------
    void enterValue(const Value &v) override {
        // ValuesOfCorrectType
        if (!m_valuesSkip)
            checkValue(v);
        // UniqueInputFieldNames
        if (v.kind == Value::Kind::Object) {
            m_inputFieldNamesStack.push_back(std::move(m_inputFieldNames));
            m_inputFieldNames = {};
        }
    }

    void leaveValue(const Value &v) override {
        if (m_valuesSkip == &v)
            m_valuesSkip = nullptr;
        if (v.kind == Value::Kind::Object) {
            m_inputFieldNames = std::move(m_inputFieldNamesStack.back());
            m_inputFieldNamesStack.pop_back();
        }
    }

    void enterObjectField(const QString &name, const Value &value) override {
        // ValuesOfCorrectType
        if (!m_valuesSkip) {
            const GqlType *parent = m_ts.namedType(m_ti.parentInputType());
            if (isNone(m_ti.inputType()) && !isNone(m_ti.parentInputType()) && parent &&
                parent->kind == TypeKind::InputObject)
                report(QStringLiteral("Field '%1' is not defined by type '%2'.").arg(name, parent->name) +
                           didYouMean(suggestionList(name, parent->inputFields.names())),
                       {objectFieldLocation(value)});
        }
        // UniqueInputFieldNames
        const SourceLocation fieldName = objectFieldLocation(value);
        if (const auto it = m_inputFieldNames.constFind(name); it != m_inputFieldNames.cend())
            report(QStringLiteral("There can be only one input field named '%1'.").arg(name),
                   {*it, fieldName});
        else
            m_inputFieldNames.insert(name, fieldName);
    }

private:
    // The name of an object field `name: value` is two tokens before its value.
    SourceLocation objectFieldLocation(const Value &value) const {
        return m_tokens.shifted(value.location, -2);
    }

    SourceLocation typeConditionLocation(const SourceLocation &at, NamedTypeSite site) const {
        switch (site) {
        case NamedTypeSite::VariableDefinition:
            return m_tokens.namedTypeAfter(at, 3); // `$` name `:` [...
        case NamedTypeSite::InlineFragment:
            return m_tokens.shifted(at, 2); // `...` `on` Type
        case NamedTypeSite::FragmentDefinition:
            return m_tokens.shifted(at, 3); // `fragment` Name `on` Type
        }
        return at;
    }

    void report(const QString &message, const QList<SourceLocation> &locations) {
        if (errors.size() >= m_maxErrors) {
            errors.append(
                {QStringLiteral("Too many validation errors, error limit reached. Validation aborted."), {}});
            throw Aborted{};
        }
        errors.append({message, locations});
    }

    const QStringList &allTypeNames() {
        if (m_allTypeNames.isEmpty())
            for (const GqlType *t : m_ts.types())
                m_allTypeNames.append(t->name);
        return m_allTypeNames;
    }

    std::vector<VariableUsage>
    variableUsages(const std::variant<const OperationDefinition *, const FragmentDefinition *> &node) {
        TypeInfo ti(m_ts);
        UsageVisitor visitor(ti);
        Walker walker(ti, visitor);
        if (const auto *op = std::get_if<const OperationDefinition *>(&node))
            walker.operation(**op);
        else
            walker.fragmentDefinition(*std::get<const FragmentDefinition *>(node));
        return std::move(visitor.usages);
    }

    std::vector<VariableUsage> recursiveVariableUsages(const OperationDefinition &op) {
        std::vector<VariableUsage> usages = variableUsages(&op);
        for (const FragmentDefinition *f : m_doc.recursivelyReferencedFragments(op.selectionSet)) {
            auto &cached = m_fragmentUsages[f];
            if (!cached)
                cached = std::make_unique<std::vector<VariableUsage>>(variableUsages(f));
            usages.insert(usages.end(), cached->begin(), cached->end());
        }
        return usages;
    }

    // graphql-core's is_type_sub_type_of for input positions.
    bool isTypeSubTypeOf(const TypeRef &maybeSub, const TypeRef &super) const {
        if (super.nonNull) {
            if (maybeSub.nonNull)
                return isTypeSubTypeOf(nullable(maybeSub), nullable(super));
            return false;
        }
        if (maybeSub.nonNull)
            return isTypeSubTypeOf(nullable(maybeSub), super);
        if (super.isList())
            return maybeSub.isList() && isTypeSubTypeOf(*maybeSub.ofType, *super.ofType);
        if (maybeSub.isList())
            return false;
        if (maybeSub.name == super.name)
            return true;
        const GqlType *superType = m_ts.type(super.name);
        const GqlType *subType = m_ts.type(maybeSub.name);
        return superType && subType && superType->isAbstract() && subType->isComposite() &&
               m_ts.isSubType(superType, subType);
    }

    bool allowedVariableUsage(const TypeRef &varType, const Value *varDefault, const TypeRef &locationType,
                              bool locationHasDefault) const {
        if (locationType.nonNull && !varType.nonNull) {
            const bool nonNullVariableDefault = varDefault && varDefault->kind != Value::Kind::Null;
            if (!nonNullVariableDefault && !locationHasDefault)
                return false;
            return isTypeSubTypeOf(varType, nullable(locationType));
        }
        return isTypeSubTypeOf(varType, locationType);
    }

    QStringList suggestedTypeNames(const GqlType *type, const QString &fieldName) const {
        if (!type->isAbstract())
            return {};
        std::vector<const GqlType *> suggested;
        QHash<QString, int> usage;
        for (const GqlType *possible : m_ts.possibleTypes(type)) {
            if (!possible->field(fieldName))
                continue;
            if (!usage.contains(possible->name))
                suggested.push_back(possible);
            usage[possible->name] = 1;
            for (const QString &ifaceName : possible->interfaces) {
                const GqlType *iface = m_ts.type(ifaceName);
                if (!iface || !iface->field(fieldName))
                    continue;
                if (!usage.contains(iface->name))
                    suggested.push_back(iface);
                usage[iface->name] += 1;
            }
        }
        auto cmp = [&](const GqlType *a, const GqlType *b) {
            const int diff = usage.value(b->name) - usage.value(a->name);
            if (diff)
                return diff;
            if (a->isAbstract() && m_ts.isSubType(a, b))
                return -1;
            if (b->isAbstract() && m_ts.isSubType(b, a))
                return 1;
            if (naturalLess(a->name, b->name))
                return -1;
            if (naturalLess(b->name, a->name))
                return 1;
            return 0;
        };
        std::stable_sort(suggested.begin(), suggested.end(),
                         [&](const GqlType *a, const GqlType *b) { return cmp(a, b) < 0; });
        QStringList out;
        for (const GqlType *t : suggested)
            out.append(t->name);
        return out;
    }

    static QStringList suggestedFieldNames(const GqlType *type, const QString &fieldName) {
        if (!type->isComposite())
            return {};
        QStringList names;
        names.reserve(type->fields.size());
        for (const GqlField &f : type->fields)
            names.append(f.name);
        return suggestionList(fieldName, names);
    }

    void checkUniqueDirectives(const std::vector<Directive> &directives) {
        QHash<QString, SourceLocation> seen;
        for (const Directive &d : directives) {
            const GqlDirective *def = m_ts.directive(d.name);
            if (!def || def->repeatable)
                continue;
            if (const auto it = seen.constFind(d.name); it != seen.cend())
                report(
                    QStringLiteral("The directive '@%1' can only be used once at this location.").arg(d.name),
                    {*it, d.location});
            else
                seen.insert(d.name, d.location);
        }
    }

    void checkUniqueArguments(const std::vector<Argument> &arguments) {
        QStringList order;
        QHash<QString, QList<SourceLocation>> byName;
        for (const Argument &a : arguments) {
            if (!byName.contains(a.name))
                order.append(a.name);
            byName[a.name].append(a.location);
        }
        for (const QString &name : std::as_const(order))
            if (byName.value(name).size() > 1)
                report(QStringLiteral("There can be only one argument named '%1'.").arg(name),
                       byName.value(name));
    }

    void detectCycleRecursive(const FragmentDefinition &fragment) {
        if (m_visitedFragments.contains(fragment.name))
            return;
        m_visitedFragments.insert(fragment.name);
        const std::vector<const Selection *> &spreads = m_doc.fragmentSpreads(fragment.selectionSet);
        if (spreads.empty())
            return;
        m_spreadPathIndex.insert(fragment.name, qsizetype(m_spreadPath.size()));
        for (const Selection *spread : spreads) {
            const auto cycleIndex = m_spreadPathIndex.constFind(spread->name);
            m_spreadPath.push_back(spread);
            if (cycleIndex == m_spreadPathIndex.cend()) {
                if (const FragmentDefinition *next = m_doc.fragment(spread->name))
                    detectCycleRecursive(*next);
            } else {
                QStringList via;
                QList<SourceLocation> locations;
                for (std::size_t i = std::size_t(*cycleIndex); i < m_spreadPath.size(); ++i) {
                    locations.append(m_spreadPath[i]->location);
                    if (i + 1 < m_spreadPath.size())
                        via.append(QLatin1Char('\'') + m_spreadPath[i]->name + QLatin1Char('\''));
                }
                report(QStringLiteral("Cannot spread fragment '%1' within itself").arg(spread->name) +
                           (via.isEmpty() ? QStringLiteral(".")
                                          : QStringLiteral(" via %1.").arg(via.join(QLatin1String(", ")))),
                       locations);
            }
            m_spreadPath.pop_back();
        }
        m_spreadPathIndex.remove(fragment.name);
    }

    // ValuesOfCorrectType for one value node; marks the subtree skipped where graphql-core returns SKIP.
    void checkValue(const Value &v) {
        switch (v.kind) {
        case Value::Kind::Variable:
            return;
        case Value::Kind::List: {
            // TypeInfo already stepped into the item type; the list's own position type is the parent.
            const TypeRef type = nullable(m_ti.parentInputType());
            if (!type.isList()) {
                isValidValueNode(v);
                m_valuesSkip = &v;
            }
            return;
        }
        case Value::Kind::Object: {
            const GqlType *type = m_ts.namedType(m_ti.inputType());
            if (isNone(m_ti.inputType()) || !type || type->kind != TypeKind::InputObject) {
                isValidValueNode(v);
                m_valuesSkip = &v;
                return;
            }
            QSet<QString> given;
            for (const auto &f : v.fields)
                given.insert(f.first);
            for (const GqlInputValue &f : type->inputFields.items())
                if (!given.contains(f.name) && f.isRequired())
                    report(QStringLiteral("Field '%1.%2' of required type '%3' was not provided.")
                               .arg(type->name, f.name, f.type.toString()),
                           {v.location});
            return;
        }
        case Value::Kind::Null: {
            const TypeRef type = m_ti.inputType();
            if (!isNone(type) && type.nonNull)
                report(QStringLiteral("Expected value of type '%1', found null.").arg(type.toString()),
                       {v.location});
            return;
        }
        default:
            isValidValueNode(v);
        }
    }

    void isValidValueNode(const Value &v) {
        const TypeRef locationType = m_ti.inputType();
        if (isNone(locationType))
            return;
        const GqlType *type = m_ts.namedType(locationType);
        if (!type)
            return;
        if (!type->isLeaf()) {
            report(QStringLiteral("Expected value of type '%1', found %2.")
                       .arg(locationType.toString(), printValue(v)),
                   {v.location});
            return;
        }
        const LeafResult r = parseLeafLiteral(*type, v);
        switch (r.status) {
        case LeafResult::Status::Ok:
            return;
        case LeafResult::Status::Invalid:
            report(QStringLiteral("Expected value of type '%1', found %2.")
                       .arg(locationType.toString(), printValue(v)),
                   {v.location});
            return;
        case LeafResult::Status::Error:
            report(r.message, r.located ? QList<SourceLocation>{v.location} : QList<SourceLocation>{});
            return;
        case LeafResult::Status::Exception:
            report(QStringLiteral("Expected value of type '%1', found %2; %3")
                       .arg(locationType.toString(), printValue(v), r.message),
                   {v.location});
            return;
        }
    }

    const TypeSystem &m_ts;
    DocumentIndex &m_doc;
    TypeInfo &m_ti;
    const SourceTokens &m_tokens;
    int m_maxErrors;
    OverlapChecker m_overlaps;
    QStringList m_allTypeNames;

    QHash<QString, SourceLocation> m_operationNames;
    QHash<QString, SourceLocation> m_fragmentNames;
    QList<const OperationDefinition *> m_operations;
    QList<const FragmentDefinition *> m_fragmentDefinitions;
    QSet<QString> m_definedVariables;
    QList<const VariableDefinition *> m_variableDefinitions;
    QHash<QString, const VariableDefinition *> m_variableDefinitionByName;
    std::unordered_map<const FragmentDefinition *, std::unique_ptr<std::vector<VariableUsage>>>
        m_fragmentUsages;
    QSet<QString> m_visitedFragments;
    std::vector<const Selection *> m_spreadPath;
    QHash<QString, qsizetype> m_spreadPathIndex;
    int m_inDirective = 0;
    const Value *m_valuesSkip = nullptr;
    QHash<QString, SourceLocation> m_inputFieldNames;
    std::vector<QHash<QString, SourceLocation>> m_inputFieldNamesStack;
};

} // namespace

QList<ValidationError> validateDocument(const Document &document, const TypeSystem &types, QStringView source,
                                        int maxErrors) {
    DocumentIndex index(document);
    TypeInfo typeInfo(types);
    const SourceTokens tokens(source);
    RulesVisitor rules(types, index, typeInfo, tokens, maxErrors);
    Walker walker(typeInfo, rules);
    try {
        walker.document(index);
    } catch (const Aborted &) {
    }
    return std::move(rules.errors);
}

const OperationDefinition *selectOperation(const Document &document, const QString &operationName,
                                           ValidationError *error) {
    const OperationDefinition *operation = nullptr;
    for (const OperationDefinition &op : document.operations) {
        if (operationName.isNull()) {
            if (operation) {
                if (error)
                    *error = {
                        QStringLiteral("Must provide operation name if query contains multiple operations."),
                        {}};
                return nullptr;
            }
            operation = &op;
        } else if (!op.name.isEmpty() && op.name == operationName) {
            operation = &op;
        }
    }
    if (!operation && error) {
        *error =
            operationName.isNull()
                ? ValidationError{QStringLiteral("Must provide an operation."), {}}
                : ValidationError{QStringLiteral("Unknown operation named '%1'.").arg(operationName), {}};
    }
    return operation;
}

QList<ValidationError> validate(const Document &document, const TypeSystem &types,
                                const QString &operationName, QStringView source) {
    QList<ValidationError> errors = validateDocument(document, types, source);
    if (!errors.isEmpty())
        return errors;
    ValidationError error;
    const OperationDefinition *operation = selectOperation(document, operationName, &error);
    if (!operation)
        return {error};
    if (operation->type == OperationDefinition::Type::Subscription && !types.subscriptionType())
        return {{QStringLiteral("Schema is not configured to execute subscription operation."),
                 {operation->location}}};
    return {};
}

} // namespace infrahub::sandbox::gql
