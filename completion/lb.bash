# lb.bash: bash completion for lb-enroll, lb-pair, lb-log, lb-due and lb-report.
# Installed as share/bash-completion/completions/lb-enroll, the other four
# names linking to it (bash-completion loads a command's file by its name);
# or source it from ~/.bashrc.  Plain bash, no bash-completion helpers.
#
# What is offered comes from the command itself, at completion time, so it
# never drifts from the binary being completed: its options, which of them
# take an argument, the --format values and the operands are read from
# `cmd --help` (its usage synopsis, up to the first blank line, in the C
# locale); lb-log's kinds from
# `lb-log [-p policy] --print-policy` (the policy on the command line, else
# $LB_POLICY, else the built-in one).  An argument or operand is completed
# by its name in the synopsis: policy: .yaml files; roster, staff, pool,
# log, intake, report.csv: tables (.csv, .xlsx, .xls); file: any file;
# cmd: commands; a|b|c: those words; kind: the policy's kinds.

# _lb_help CMD: print CMD's usage synopsis, asked once per command and shell.
declare -gA _lb_help_cache 2>/dev/null
_lb_help()
{
	local c=$1
	if [[ -z ${_lb_help_cache[$c]+set} ]]; then
		_lb_help_cache[$c]=$(LC_ALL=C LANGUAGE= "$c" --help 2>/dev/null)
	fi
	printf '%s\n' "${_lb_help_cache[$c]}"
}

# _lb_parse CMD: from CMD's synopsis set _lb_opts (every option), _lb_arg
# (option -> its argument's name), _lb_syn (each synopsis' words, one
# string each, brackets and | as words of their own).
_lb_parse()
{
	local text line name='' cur='' w
	_lb_opts=() _lb_syn=()
	declare -gA _lb_arg=()
	text=$(_lb_help "$1")
	while IFS= read -r line; do
		# The synopsis ends at the first blank line (the options and
		# exit codes follow).
		[[ -z ${line//[[:space:]]/} ]] && break
		if [[ $line == usage:* ]]; then
			line=${line#usage:}
			read -r name _ <<<"$line"
		fi
		read -r w _ <<<"$line"
		if [[ -n $name && $w == "$name" ]]; then
			[[ -n $cur ]] && _lb_syn+=("$cur")
			line=${line#*"$name"}
			cur=''
		fi
		line=${line//\[/ [ }
		line=${line//\]/ ] }
		cur+=" $line"
	done <<<"$text"
	[[ -n $cur ]] && _lb_syn+=("$cur")
	local s i n words
	for s in "${_lb_syn[@]}"; do
		read -r -a words <<<"$s"
		n=${#words[@]}
		for ((i = 0; i < n; i++)); do
			w=${words[i]}
			[[ $w == -?* ]] || continue
			_lb_opts+=("$w")
			if ((i + 1 < n)); then
				case ${words[i + 1]} in
				'[' | ']' | '|' | ... | -*) ;;
				*) _lb_arg[$w]=${words[i + 1]} ;;
				esac
			fi
		done
	done
	# -h, --help and --version every command takes; the long names of
	# its short options are the same in all five (their pages).
	_lb_opts+=(-h --help --version)
	local short long
	for short in -p:--policy -l:--log -o:--output; do
		long=${short#*:} short=${short%%:*}
		if [[ -n ${_lb_arg[$short]+set} ]]; then
			_lb_opts+=("$long")
			_lb_arg[$long]=${_lb_arg[$short]}
		fi
	done
}

# _lb_files CUR EXT...: files (ending in one of EXT, any case; all when
# none is given) and folders starting with CUR, into COMPREPLY.
_lb_files()
{
	local cur=$1 f lower e
	shift
	compopt -o filenames 2>/dev/null
	while IFS= read -r f; do
		[[ -n $f ]] || continue
		if [[ $# -eq 0 || -d $f ]]; then
			COMPREPLY+=("$f")
			continue
		fi
		lower=${f,,}
		for e in "$@"; do
			if [[ $lower == *."$e" ]]; then
				COMPREPLY+=("$f")
				break
			fi
		done
	done < <(compgen -f -- "$cur")
}

# _lb_kinds CMD POLICY CUR: the kinds of contact of the policy CMD uses.
_lb_kinds()
{
	local c=$1 p=$2 cur=$3 k
	local -a pol=()
	[[ -n $p ]] && pol=(-p "$p")
	while IFS= read -r k; do
		[[ $k == "$cur"* ]] && COMPREPLY+=("$k")
	done < <(LC_ALL=C LANGUAGE= "$c" "${pol[@]}" --print-policy 2>/dev/null |
	    awk '/^contacts:/ { on = 1; ind = ""; next }
		on && /^[^ #]/ { exit }
		on && /^ +[^ #][^:]*:/ {
			match($0, /^ +/)
			if (ind == "") ind = RLENGTH
			if (RLENGTH == ind) { k = substr($0, ind + 1); sub(/:.*/, "", k); print k }
		}')
}

# _lb_complete_arg CMD NAME CUR POLICY: complete the argument or operand
# the synopsis calls NAME.
_lb_complete_arg()
{
	local c=$1 name=$2 cur=$3 p=$4 v
	case $name in
	*'|'*)
		local IFS='|'
		for v in $name; do
			[[ $v == "$cur"* ]] && COMPREPLY+=("$v")
		done
		;;
	policy) _lb_files "$cur" yaml yml ;;
	roster | staff | pool | log | intake | *.csv) _lb_files "$cur" csv xlsx xls ;;
	file) _lb_files "$cur" ;;
	cmd) mapfile -t COMPREPLY < <(compgen -c -- "$cur") ;;
	kind) _lb_kinds "$c" "$p" "$cur" ;;
	esac
}

_lb()
{
	local c=${COMP_WORDS[0]} cword=$COMP_CWORD cur prev='' pre=''
	COMPREPLY=()
	((cword > 0)) || return 0
	cur=${COMP_WORDS[cword]} prev=${COMP_WORDS[cword - 1]}
	[[ $c == '~/'* ]] && c=$HOME/${c#'~/'}
	# --opt=value: bash splits it at = (COMP_WORDBREAKS), or, when = is
	# no word break, the value is completed after "--opt=".
	if [[ $cur == = ]]; then
		cur=''
	elif [[ $prev == = ]]; then
		prev=${COMP_WORDS[cword - 2]:-}
	elif [[ $cur == --*=* ]]; then
		pre=${cur%%=*}= prev=${cur%%=*} cur=${cur#*=}
	fi
	_lb_parse "$c"
	((${#_lb_syn[@]})) || return 0

	# The words before the cursor: options given, the policy, operands.
	local i w policy='' nops=0 dashdash=0 o
	local -a given=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if ((!dashdash)) && [[ $w == -?* ]]; then
			[[ $w == -- ]] && { dashdash=1; continue; }
			if [[ $w == --*=* ]]; then	# = not a word break
				given+=("${w%%=*}")
				[[ ${w%%=*} == --policy ]] && policy=${w#*=}
				continue
			fi
			given+=("$w")
			if [[ -n ${_lb_arg[$w]+set} ]]; then
				((i + 1 < COMP_CWORD)) && [[ ${COMP_WORDS[i + 1]} == = ]] && ((i++))
				((i++))
				[[ $w == -p || $w == --policy ]] && ((i < COMP_CWORD)) &&
				    policy=${COMP_WORDS[i]}
			fi
		else
			((nops++))
		fi
	done
	[[ $policy == '~/'* ]] && policy=$HOME/${policy#'~/'}
	[[ $cur == '~/'* ]] && compopt -o filenames 2>/dev/null

	# The synopses that hold every option given (all, when none does).
	local -a fit=()
	local s ok
	for s in "${_lb_syn[@]}"; do
		ok=1
		for o in "${given[@]}"; do
			case $o in --policy) o=-p ;; --log) o=-l ;; --output) o=-o ;; esac
			[[ " $s " == *" $o "* ]] || { ok=0; break; }
		done
		((ok)) && fit+=("$s")
	done
	((${#fit[@]})) || fit=("${_lb_syn[@]}")

	# An option's argument: its values in the synopses that fit (--format
	# differs between lb-report's), else by its name.
	if [[ -n $prev && -n ${_lb_arg[$prev]+set} ]]; then
		local -a words
		local seen=' '
		for s in "${fit[@]}"; do
			read -r -a words <<<"$s"
			for ((i = 0; i + 1 < ${#words[@]}; i++)); do
				[[ ${words[i]} == "$prev" ]] || continue
				[[ $seen == *" ${words[i + 1]} "* ]] && continue
				seen+="${words[i + 1]} "
				_lb_complete_arg "$c" "${words[i + 1]}" "$cur" "$policy"
			done
		done
		((${#COMPREPLY[@]})) || _lb_complete_arg "$c" "${_lb_arg[$prev]}" "$cur" "$policy"
		local -A uniq=()
		local -a all=("${COMPREPLY[@]}")
		COMPREPLY=()
		for w in "${all[@]}"; do
			[[ -z ${uniq[$w]+set} ]] && COMPREPLY+=("$w")
			uniq[$w]=1
		done
		[[ -n $pre ]] && COMPREPLY=("${COMPREPLY[@]/#/$pre}")
		return 0
	fi

	if ((!dashdash)) && [[ $cur == -* ]]; then
		local -A uniq=()
		for o in "${_lb_opts[@]}"; do
			[[ $o == "$cur"* && -z ${uniq[$o]+set} ]] || continue
			uniq[$o]=1
			COMPREPLY+=("$o")
		done
		return 0
	fi

	# An operand: the synopsis' words that are not options or their
	# arguments, in order; one followed by ... takes all the rest.
	local -a words names=() rep=()
	local last=''
	read -r -a words <<<"${fit[0]}"
	for ((i = 0; i < ${#words[@]}; i++)); do
		w=${words[i]}
		case $w in
		'[' | ']' | '|') ;;
		...) [[ $last == operand ]] && rep[${#names[@]} - 1]=1 ;;
		-?*) last=option; [[ -n ${_lb_arg[$w]+set} ]] && ((i++)) ;;
		*) last=operand; names+=("$w"); rep+=(0) ;;
		esac
	done
	local k=0
	for ((i = 0; i < nops && k < ${#names[@]}; i++)); do
		((rep[k])) || ((k++))
	done
	((k < ${#names[@]})) && _lb_complete_arg "$c" "${names[k]}" "$cur" "$policy"
	return 0
}

complete -F _lb lb-enroll lb-pair lb-log lb-due lb-report
